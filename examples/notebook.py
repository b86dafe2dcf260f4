# %% [markdown]
# # Tone per site, from three real comment sections
#
# A notebook-style script (`# %%` cells: run it in Jupyter, VS Code or as
# `python examples/notebook.py [OUT.png]`) that uses only the public API of `comments`.
#
# **Needs `../shared/corpora/`** (the project's third-party test data, next to the
# repository; `$COMMENTS_CORPORA` points elsewhere) — it exits with a message when absent.
# It reads three real dumps (a Reddit thread, an English and a German WordPress comment
# page), classifies them and plots the tone mix per site with pandas and seaborn.

# %%
import os
import sys
from pathlib import Path

import comments

CORPORA = Path(os.environ.get("COMMENTS_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora"))
DUMPS = [
    CORPORA / "reddit" / "reddit_fo7p5b_announcements_polls.json",
    CORPORA / "html_comments" / "foxyfolksy.com__buttercream.html",
    CORPORA / "html_comments" / "spektrum.de__engelbart.html",
]
missing = [str(p) for p in DUMPS if not p.exists()]
if missing:
    sys.exit(f"examples/notebook.py needs the shared corpora; not found: {', '.join(missing)}")

# %% Read: one repaired corpus, problems listed rather than raised
corpus = comments.read(*DUMPS)
print(corpus)
print("problems:", corpus.problems or "none")

# %% Classify: language, topics, tone and polarity per comment (a new corpus)
classified = comments.classify(corpus)
df = classified.comments_df()
df[["site", "depth", "language", "tone", "polarity"]].head()

# %% One table: share of comments per tone label and site (a comment may carry several)
counts = df.groupby("site").size().rename("comments")
tones = (df[["site", "tone"]].explode("tone").dropna()
         .groupby(["site", "tone"]).size().rename("n").reset_index()
         .join(counts, on="site"))
tones["share"] = tones["n"] / tones["comments"]
table = tones.pivot(index="site", columns="tone", values="share").fillna(0.0).round(3)
print(table.to_string())

# %% Plot it
import matplotlib.pyplot as plt
import seaborn as sns

ax = sns.barplot(data=tones, x="tone", y="share", hue="site")
ax.set(title="Tone per site (share of comments)", xlabel="", ylabel="share of comments")
plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
plt.tight_layout()
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tone_by_site.png")
plt.savefig(out, dpi=100)
print(f"wrote {out}")
