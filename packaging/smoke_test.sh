#!/usr/bin/env bash
# Build the PyInstaller bundle from packaging/yanxiu.spec on Linux and smoke-test the frozen app.
#
#   bash packaging/smoke_test.sh            (after packaging/setup-env.sh; CI runs it after the tests)
#
# Proves the spec collects every module and data file the app needs: the frozen executables run from a
# temporary directory, with no source tree and no venv on their path, and
#   1. the CLI creates a demo database,
#   2. prints a 签到表 whose PDF embeds the bundled font (checked with pdffonts),
#   3. exports an Excel workbook (a valid .xlsx),
#   4. the GUI starts offscreen, renders every tab to PNG and exits 0.
# It also checks what the bundle must (not) contain and prints its size and the build time.
# Windows cannot be built or run here; see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=.venv/bin/python
PYINSTALLER_VERSION=6.22.0

say() { printf '[smoke] %s\n' "$*" >&2; }
fail() { printf '[smoke] 失败：%s\n' "$*" >&2; exit 1; }

[ -x "$PY" ] || fail "没有 .venv（先运行 bash packaging/setup-env.sh）"
# PyInstaller on Linux needs objdump and strip (binutils); a slim Debian image has neither.
if ! command -v objdump >/dev/null || ! command -v strip >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = "0" ]; then
    say "安装 binutils（PyInstaller 需要 objdump/strip）"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends binutils >/dev/null
  else
    fail "需要 binutils（objdump、strip）"
  fi
fi
command -v pdffonts >/dev/null || fail "需要 pdffonts（poppler-utils；packaging/setup-env.sh 会安装）"

if ! "$PY" -c "import PyInstaller, sys; sys.exit(PyInstaller.__version__ != '$PYINSTALLER_VERSION')" 2>/dev/null; then
  say "安装 PyInstaller $PYINSTALLER_VERSION"
  "$PY" -m pip install -q --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION" 2>&1 \
    | grep -v -E '^WARNING: Location' || true
fi

DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
BUNDLE="$DIST/yanxiu-desktop"
mkdir -p "$ROOT/build"
start=$(date +%s)
if [ "${SMOKE_SKIP_BUILD:-}" = 1 ] && [ -d "$BUNDLE" ]; then
  say "SMOKE_SKIP_BUILD=1：测试已有的 $BUNDLE"
else
  say "构建（pyinstaller packaging/yanxiu.spec）…"
  if ! "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
      packaging/yanxiu.spec >"$WORK.log" 2>&1; then
    tail -40 "$WORK.log" >&2
    fail "PyInstaller 构建失败（完整日志 $WORK.log）"
  fi
fi
build_seconds=$(( $(date +%s) - start ))

CLI="$BUNDLE/yanxiu"
GUI="$BUNDLE/yanxiu-desktop"
[ -x "$CLI" ] && [ -x "$GUI" ] || fail "缺少可执行文件 $CLI / $GUI"

# --- bundle contents ------------------------------------------------------------------------------
INTERNAL="$BUNDLE/_internal"
for f in resources/fonts/YanxiuSong-Regular.ttf resources/fonts/YanxiuHei-Bold.ttf resources/fonts/OFL.txt \
    resources/icons/yanxiu.png forms/signin.toml PySide6/Qt/translations/qtbase_zh_CN.qm; do
  [ -f "$INTERNAL/$f" ] || fail "包内缺少 $f"
done
# Every file of resources/ and forms/ is in the bundle.
(cd "$ROOT" && find resources forms -type f ! -path '*/__pycache__/*' ! -name '.*') | while read -r f; do
  [ -f "$INTERNAL/$f" ] || fail "包内缺少 $f"
done
unwanted=$(find "$BUNDLE" \( -iname '*WebEngine*' -o -iname '*Qt6Quick*' -o -iname '*Qt6Qml*' -o -iname '*Qt63D*' \
  -o -iname '*Qt6Multimedia*' -o -iname '*Qt6Charts*' -o -iname '*Qt6Designer*' -o -path '*/tests/*' \
  -o -iname 'qtbase_de.qm' -o -name 'pytest' -o -name 'hypothesis' \) -print | head -5)
[ -z "$unwanted" ] || fail "包内有不需要的文件：$unwanted"

# --- run the frozen app from elsewhere, with nothing of the source tree or venv on its path ----------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
run() { env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u YANXIU_DB -u YANXIU_FONT_DIR \
  QT_QPA_PLATFORM=offscreen YANXIU_DATA_DIR="$TMP/data" "$@"; }
json_get() { "$ROOT/$PY" -c "$1"; }  # the venv's Python only parses output; the app runs frozen

DB="$TMP/demo.sqlite3"
run "$CLI" --version >/dev/null || fail "yanxiu --version"
run "$CLI" --db "$DB" demo --json >"$TMP/demo.json" || fail "yanxiu demo"
# The first semester (newest first) with a completed activity: its sign-in sheet prints filled.
pick=""
for semester in $(run "$CLI" --db "$DB" semesters --json | json_get '
import json, sys
rows = json.load(sys.stdin)
print(" ".join(str(r["id"]) for r in (rows if isinstance(rows, list) else [rows])))'); do
  activity=$(run "$CLI" --db "$DB" activities --semester "$semester" --json | json_get '
import json, sys
done = [r["id"] for r in json.load(sys.stdin) if r.get("status") == "已完成"]
print(done[0] if done else "")')
  if [ -n "$activity" ]; then pick="$semester $activity"; break; fi
done
[ -n "$pick" ] || fail "演示数据库里没有已完成的活动"
read -r semester activity <<<"$pick"
say "演示数据库：学期 $semester，活动 $activity"

run "$CLI" --db "$DB" print signin --activity "$activity" -o "$TMP/signin.pdf" || fail "yanxiu print signin"
fonts=$(pdffonts "$TMP/signin.pdf") || fail "pdffonts 读不了签到表"
# pdffonts columns: name type encoding emb sub uni object-number generation.  The bundled Song must be
# embedded; any other font must be embedded too, except the PDF standard 14 (ReportLab's initial Helvetica).
echo "$fonts" | awk 'NR > 2 && $1 ~ /^[A-Z]+\+YanxiuSong-Regular$/ && $(NF-4) == "yes" { ok = 1 } END { exit !ok }' \
  || fail "签到表没有嵌入随程序提供的宋体（YanxiuSong）：
$fonts"
echo "$fonts" | awk 'NR > 2 && $(NF-4) != "yes" && $1 !~ /^(Helvetica|Times|Courier|Symbol|ZapfDingbats)/ { bad = 1 }
  END { exit bad }' || fail "签到表有未嵌入的字体：
$fonts"
say "签到表 PDF：$(stat -c %s "$TMP/signin.pdf") 字节，字体 $(echo "$fonts" | awk 'NR > 2 { print $1 }' | tr '\n' ' ')"

# The district workbook (reports) when the CLI has it, else the 安排表 workbook.
if run "$CLI" export district --help >/dev/null 2>&1; then
  workbook=(export district --semester "$semester" -o "$TMP/book.xlsx")
else
  say "注意：没有 export district，改为导出 export plan"
  workbook=(export plan --semester "$semester" -o "$TMP/book.xlsx")
fi
run "$CLI" --db "$DB" "${workbook[@]}" >/dev/null || fail "yanxiu ${workbook[*]}"
json_get "
import sys, zipfile
with zipfile.ZipFile('$TMP/book.xlsx') as z:
    names = z.namelist()
    sys.exit(0 if 'xl/workbook.xml' in names and any(n.startswith('xl/worksheets/') for n in names) else 1)
" || fail "导出的不是有效的 .xlsx"
say "工作簿（${workbook[*]:0:2}）：$(stat -c %s "$TMP/book.xlsx") 字节"

run "$GUI" --screenshot "$TMP/shots" --demo --db "$TMP/gui.sqlite3" >"$TMP/gui.out" 2>"$TMP/gui.err" \
  || { cat "$TMP/gui.err" >&2; fail "图形界面 --screenshot 退出码非 0"; }
shots=$(find "$TMP/shots" -name '*.png' | wc -l)
[ "$shots" -ge 1 ] || fail "图形界面没有写出截图"
for png in "$TMP"/shots/*.png; do
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$png 不是 PNG"
done
if grep -E "Traceback|Error" "$TMP/gui.err" >&2; then fail "图形界面输出了错误"; fi
say "图形界面：$shots 张截图"

size=$(du -sh "$BUNDLE" | cut -f1)
say "通过。包大小 $size（$BUNDLE），构建用时 ${build_seconds} 秒"
