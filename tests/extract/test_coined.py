from citegraph.extract.coined import coined_label, find_coined


def _names(sentence: str, title: bool = False) -> list[str]:
    words = sentence.split()
    return [" ".join(words[s:e]) for s, e in find_coined(words, is_title=title)]


def test_naming_verbs():
    assert _names("a new architecture , termed GD - Net , wins") == ["GD - Net"]
    assert _names("a model called DeepSets .") == ["DeepSets"]


def test_introducing_verbs_need_a_name_not_a_phrase():
    assert _names("we introduce LangevinFlow , a sequential model") == ["LangevinFlow"]
    assert _names("we propose Population Based Training ( PBT )") == ["Population Based Training"]
    assert _names("we propose a novel method for search") == []


def test_name_before_a_novel():
    assert _names("Experiments show that SparseRoute , a novel router , helps") == ["SparseRoute"]


def test_title_prefix_name():
    assert _names("KECOR : Kernel Coding Rate", title=True) == ["KECOR"]
    assert _names("Mind : The Gap", title=True) == []


def test_data_words_make_a_dataset():
    words = ["we", "release", "MolSet", "benchmark"]
    assert coined_label(words, 3) == "DATASET"
    assert coined_label(["we", "release", "MolNet", "today"], 3) == "METHOD"
