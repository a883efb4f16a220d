"""The README's usage snippets are the examples' code, word for word.

check_readme.py SOURCE_DIR: every region of examples/ between
`[readme:NAME]` and `[/readme:NAME]` markers (dedented) must appear in
README.md, so the README shows code that CI compiles and runs
(tests/install/check_install.sh).
"""
import os
import re
import sys
import textwrap

src = sys.argv[1]
readme = open(os.path.join(src, "README.md")).read()
found, missing = 0, []
for root, _, files in os.walk(os.path.join(src, "examples")):
    for name in sorted(files):
        path = os.path.join(root, name)
        text = open(path).read()
        for m in re.finditer(r"\[readme:(\w+)\][^\n]*\n(.*?)\n[^\n]*\[/readme:\1\]", text, re.S):
            found += 1
            snippet = textwrap.dedent(m.group(2)).strip("\n")
            if snippet not in readme:
                missing.append("%s [readme:%s]:\n%s" % (os.path.relpath(path, src), m.group(1),
                                                      snippet))
if found == 0:
    sys.exit("no [readme:...] regions found under examples/")
if missing:
    sys.exit("README.md lacks these snippets (or they drifted):\n\n" + "\n\n".join(missing))
print("README.md holds all %d example snippets" % found)
