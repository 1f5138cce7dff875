"""The wait `slow_import_wsgi` adds after each saved row; a module of its own, so that the test
can read it without importing (and so applying) the slowdown in the test process."""

DELAY = 1.0  # seconds
