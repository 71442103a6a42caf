# Regenerates src/passes/mojibake_data.rs: python3 scripts/gen_mojibake_data.py > src/passes/mojibake_data.rs
# Reads ftfy's published character classes and sloppy code pages as data, from the PyPI
# package (`pip install 'ftfy>=6.3,<7'`), and checks the converted badness pattern against
# ftfy's own on the peer cases. Set FTFY_SRC to read another copy of the package instead.
import sys, re, html.entities
import os
if os.environ.get('FTFY_SRC'):
    sys.path.insert(0, os.environ['FTFY_SRC'])
import ftfy.bad_codecs  # registers sloppy codecs
from ftfy.badness import BADNESS_RE
from ftfy.chardata import UTF8_CLUES, CHARMAP_ENCODINGS

def esc(c):
    o = ord(c)
    if c.isascii() and (c.isalnum()):
        return c
    return '\\x{%X}' % o

def deverbose(p):
    out = []
    lines = [l for l in p.split('\n') if not l.strip().startswith('#')]
    p = '\n'.join(lines)
    i = 0; incls = False
    while i < len(p):
        c = p[i]
        if c == '\\':
            out.append(p[i:i+2]); i += 2; continue
        if incls:
            if c == ']': incls = False; out.append(c)
            elif c == '-' : out.append('-')
            elif c == '^' and out[-1] == '[': out.append('^')
            else: out.append(esc(c))
        else:
            if c.isspace(): pass
            elif c == '[': incls = True; out.append(c)
            elif c.isascii(): out.append(c)
            else: out.append(esc(c))
        i += 1
    return ''.join(out)

bad = deverbose(BADNESS_RE.pattern)
# sanity: Python must read the converted pattern the same way on samples
def py(p):
    return re.sub(r'\\x\{([0-9A-F]+)\}', lambda m: '\\U%08X' % int(m.group(1),16), p)
pyconv = re.compile(py(bad))
import json, glob
n=0
for f in glob.glob('/work/shared/peers/ftfy-cases/*.json'):
    for case in json.load(open(f)):
        for t in (case['original'], case['fixed']):
            assert bool(pyconv.search(t)) == bool(BADNESS_RE.search(t)), t
            assert len(pyconv.findall(t)) == len(BADNESS_RE.findall(t)), t
            n+=1
print('checked', n, file=sys.stderr)

def cls(s):
    # ranges like \x80-\xbf stay ranges
    out=[]; i=0
    while i < len(s):
        if i+2 < len(s) and s[i+1]=='-':
            out.append(esc(s[i])+'-'+esc(s[i+2])); i+=3
        else:
            out.append(esc(s[i])); i+=1
    return '['+''.join(out)+']'

w = sys.stdout.write
w('//! Generated data for the mojibake pass; do not edit by hand.\n//!\n')
w('//! The code pages are the high halves (bytes 0x80-0xFF) of the single-byte encodings,\n')
w('//! with the "sloppy" convention for bytes a code page leaves undefined (the byte maps to the\n')
w('//! code point of the same number, as browsers do). The character classes and the badness\n')
w('//! pattern restate the published heuristic of ftfy 6 (MIT licence, Robyn Speer), which\n')
w('//! lists the character sequences that are far likelier to be mojibake than real text.\n\n')
w('/// A single-byte code page: its name, whether it is "sloppy" (byte 0x1A stands for a lost\n/// character, U+FFFD), and what bytes 0x80-0xFF decode to.\n')
w('pub struct CodePage {\n    pub name: &\'static str,\n    /// How a message names the mistake.\n    pub label: &\'static str,\n    pub sloppy: bool,\n    pub high: [char; 128],\n}\n\n')
w('/// The code pages mojibake is undone through, in the order they are tried.\n')
w('pub static CODE_PAGES: &[CodePage] = &[\n')
for enc in CHARMAP_ENCODINGS:
    chars = bytes(range(0x80,0x100)).decode(enc)
    name = enc.replace('sloppy-','')
    w('    CodePage {\n        name: "%s",\n        label: "UTF-8 read as %s",\n        sloppy: %s,\n        high: [\n' % (name, name, 'true' if enc.startswith('sloppy') else 'false'))
    for k in range(0,128,8):
        w('            ' + ' '.join("'\\u{%X}'," % ord(c) for c in chars[k:k+8]) + '\n')
    w('        ],\n    },\n')
w('];\n\n')
w('/// Sequences far likelier to be mojibake than intended text (one match = one "bad" spot).\n')
w('pub const BADNESS: &str = r"%s";\n\n' % bad)
for k in ['utf8_first_of_2','utf8_first_of_3','utf8_first_of_4','utf8_continuation','utf8_continuation_strict']:
    w('/// Characters of the class `%s`.\n' % k)
    w('pub const %s: &str = r"%s";\n\n' % (k.upper(), cls(UTF8_CLUES[k])))
