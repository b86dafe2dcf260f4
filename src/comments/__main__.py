"""Allow ``python -m comments``."""

from comments.cli import main

main()
