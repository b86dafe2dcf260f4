"""The public Python API: read comment sections into a :class:`Corpus`, classify,
evaluate and train — what the CLI does, for notebooks and scripts.

>>> import comments
>>> corpus = comments.read("data/raw/")            # doctest: +SKIP
>>> comments.classify(corpus).comments_df()        # doctest: +SKIP
"""

from comments.api.analysis import analyse, compare, write_report
from comments.api.corpus import FORMAT_NAMES, Corpus, ReadError, read, read_text
from comments.api.dask_corpus import DaskCorpus
from comments.api.learning import Evaluation, Training, classify, evaluate, needs_classifying, train
from comments.api.views import suggest_taxonomy, tree

__all__ = ["FORMAT_NAMES", "Corpus", "DaskCorpus", "Evaluation", "ReadError", "Training", "analyse", "classify", "compare", "evaluate",
           "needs_classifying", "read", "read_text", "suggest_taxonomy", "train", "tree", "write_report"]
