"""argparse's own messages (usage, errors, help headings) in Chinese, like everything else the CLI says.

argparse looks its messages up through the module-level ``_`` (gettext) at call time, so a lookup table
installed there translates them without a compiled catalogue.
"""

from __future__ import annotations

import argparse

ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "one of the arguments %s is required": "必须提供以下参数之一：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "invalid %(type)s value: %(value)r": "参数值无效（应为 %(type)s）：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "选项无效：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开文件「%(filename)s」：%(error)s",
}
TYPE_NAMES = {"int": "整数", "float": "数字"}


def _translate(message: str) -> str:
    return ZH.get(message, message)


def install() -> None:
    argparse._ = _translate  # type: ignore[attr-defined]
    # The type name in "invalid int value" is passed as data, not looked up; name it in Chinese too.
    original = argparse.ArgumentParser._get_value

    def _get_value(self, action, arg_string):  # noqa: ANN001, ANN202
        try:
            return original(self, action, arg_string)
        except argparse.ArgumentError as exc:
            name = getattr(action.type, "__name__", "")
            if name in TYPE_NAMES:
                raise argparse.ArgumentError(action, f"参数值无效（应为{TYPE_NAMES[name]}）：{arg_string!r}") from None
            raise exc

    if not getattr(argparse.ArgumentParser, "_yanxiu_zh", False):
        argparse.ArgumentParser._get_value = _get_value  # type: ignore[method-assign]
        argparse.ArgumentParser._yanxiu_zh = True  # type: ignore[attr-defined]
