"""Pinyin for Chinese names: sorting and search by full pinyin or initials ("zsf" finds 张三丰).

pypinyin reads surnames with their common readings (曾→ceng, 单→dan…); schools expect the surname
reading, so surnames are looked up in our own table first. pypinyin is imported lazily (≈0.3 s).
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Two-character surnames first: they decide how a name splits.
COMPOUND_SURNAMES: dict[str, list[str]] = {
    "欧阳": ["ou", "yang"], "长孙": ["zhang", "sun"], "尉迟": ["yu", "chi"], "万俟": ["mo", "qi"],
    "单于": ["chan", "yu"], "澹台": ["tan", "tai"], "令狐": ["ling", "hu"], "皇甫": ["huang", "fu"],
    "上官": ["shang", "guan"], "司马": ["si", "ma"], "诸葛": ["zhu", "ge"], "东方": ["dong", "fang"],
    "夏侯": ["xia", "hou"], "公孙": ["gong", "sun"], "慕容": ["mu", "rong"], "宇文": ["yu", "wen"],
    "司徒": ["si", "tu"], "端木": ["duan", "mu"], "呼延": ["hu", "yan"], "独孤": ["du", "gu"],
    "南宫": ["nan", "gong"], "西门": ["xi", "men"], "百里": ["bai", "li"], "闻人": ["wen", "ren"],
}

# Single-character surnames whose surname reading differs from the everyday one.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "覃": "qin", "查": "zha",
    "朴": "piao", "盖": "ge", "乐": "yue", "尉": "wei", "秘": "bi", "缪": "miao", "繁": "po",
    "员": "yun", "召": "shao", "种": "chong", "宓": "mi", "句": "gou", "折": "she", "翟": "zhai",
    "沈": "shen", "薄": "bo", "柏": "bai", "曲": "qu", "石": "shi", "隗": "wei", "冼": "xian",
    "阚": "kan", "郇": "huan", "长": "chang", "卜": "bu", "都": "du", "藏": "zang", "纪": "ji",
    "任": "ren", "华": "hua", "燕": "yan", "葛": "ge", "过": "guo", "车": "che", "谌": "chen",
    "晟": "cheng", "钭": "tou", "洗": "xian", "蕃": "pi", "那": "na", "鲜": "xian", "祭": "zhai",
    "家": "jia", "厍": "she", "眭": "sui", "佴": "nai", "粘": "nian", "便": "pian", "适": "kuo",
}


def normalize_name(raw: str) -> str:
    """Strip the padding schools use to align two-character names ("张  三", "张　三").

    Only full-width ASCII is folded; CJK characters are kept byte for byte (NFKC would rewrite some
    compatibility ideographs that appear in real names).
    """
    text = "".join(unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch for ch in raw or "")
    return "".join(text.split())


@cache
def _pypinyin():
    import pypinyin

    return pypinyin


def _syllables(text: str) -> list[str]:
    if not text:
        return []
    pp = _pypinyin()
    out: list[str] = []
    for syl in pp.lazy_pinyin(text, style=pp.Style.NORMAL, errors=lambda s: list(s), v_to_u=False):
        out.append(syl.lower())
    return out


def name_syllables(name: str) -> list[str]:
    """One syllable per character of *name*, surname read as a surname."""
    name = normalize_name(name)
    if not name:
        return []
    if name[:2] in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[name[:2]] + _syllables(name[2:])
    head = SURNAME_READINGS.get(name[0])
    if head is not None:
        return [head, *_syllables(name[1:])]
    return _syllables(name)


def pinyin_of(name: str) -> tuple[str, str]:
    """("zhang san feng", "zsf") for 张三丰."""
    syl = name_syllables(name)
    full = " ".join(syl)
    initials = "".join(s[0] for s in syl if s and s[0].isascii() and s[0].isalpha())
    return full, initials


def sort_key(pinyin: str, name: str) -> tuple[str, str]:
    """Sort by pinyin, then by the characters so homophones keep a stable order."""
    return (pinyin, name)


def matches(query: str, name: str, pinyin: str, initials: str) -> bool:
    """Does a search box entry match a name? Chinese substring, full pinyin (spaces optional) or initials."""
    q = normalize_name(query).lower()
    if not q:
        return True
    if q in name:
        return True
    if not q.isascii():
        return False
    compact = pinyin.replace(" ", "")
    return compact.startswith(q) or q in initials or _syllable_prefix_match(q, pinyin.split())


def _syllable_prefix_match(q: str, syllables: list[str]) -> bool:
    """"zhangsf" or "zhsanf": each syllable may be typed in full or cut short (an input-method habit)."""

    def walk(qi: int, si: int) -> bool:
        if qi == len(q):
            return True
        if si == len(syllables):
            return False
        syl = syllables[si]
        for n in range(min(len(syl), len(q) - qi), 0, -1):
            if syl[:n] == q[qi:qi + n] and walk(qi + n, si + 1):
                return True
        return False

    return any(walk(0, start) for start in range(len(syllables)))
