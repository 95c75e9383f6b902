#!/usr/bin/env python3
"""Generate big benchmark inputs (never committed).

gen.py book OUT MB     a Chinese book: the seed article's (../shared/corpus,
                       else the project's tests/data/article.txt) and the
                       guide's paragraphs repeated, a 第N章 heading every ~5,000
                       characters, a title line 长篇测试书 at the top, the term
                       工业泡沫终点 and 全文完 at the very end.
gen.py line OUT MB     one CJK line of MB megabytes with no line break, ending
                       in 行尾标记.
gen.py headings OUT N  N Markdown headings "# h", nothing else (issue 14: the
                       outline's candidates past their first room).
gen.py plain OUT N     N lines "x h": the same size and line count, no heading.
gen.py lines OUT N     N lines, each a number (a hostile numbered list): the
                       5M-line file.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
seed = os.path.join(top, "..", "shared", "corpus", "000_4a7947cb9897f18c.txt")
if not os.path.exists(seed):
    seed = os.path.join(top, "tests", "data", "article.txt")
sources = [seed, os.path.join(top, "data", "juan-guide.txt")]


def paragraphs():
    paras = []
    for path in sources:
        try:
            with open(path, encoding="utf-8") as f:
                paras += [line.strip() for line in f if len(line.strip()) > 20]
        except OSError:
            pass
    return paras or ["这是一段用于测试的中文文字，它会被重复很多次。" * 4]


def book(out, mb):
    paras = paragraphs()
    limit = mb * 1000 * 1000
    written = 0
    chapter = 0
    i = 0
    with open(out, "w", encoding="utf-8") as f:
        head = "长篇测试书\n"
        f.write(head)
        written += len(head.encode())
        while written < limit:
            chapter += 1
            chunk = ["第%d章 测试的章节\n" % chapter]
            chars = 0
            while chars < 5000:
                p = paras[i % len(paras)]
                i += 1
                chunk.append(p + "\n")
                chars += len(p)
            s = "".join(chunk)
            f.write(s)
            written += len(s.encode())
        f.write("结尾标记是工业泡沫终点。\n全文完\n")


def line(out, mb):
    paras = paragraphs()
    body = "".join(paras)
    limit = mb * 1000 * 1000
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("单行测试开始")
        while written < limit:
            f.write(body)
            written += len(body.encode())
        f.write("行尾标记\n")


def repeat(out, n, text):
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(n // 1000):
            f.write(text * 1000)
        f.write(text * (n % 1000))


def headings(out, n):
    repeat(out, n, "# h\n")


def plain(out, n):
    repeat(out, n, "x h\n")


def lines(out, n):
    with open(out, "w", encoding="utf-8") as f:
        for k in range(0, n, 1000):
            f.write("".join("%d\n" % i for i in range(k, min(n, k + 1000))))


if __name__ == "__main__":
    kind, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {"book": book, "line": line, "headings": headings, "plain": plain,
     "lines": lines}[kind](out, size)
