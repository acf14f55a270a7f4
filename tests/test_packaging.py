"""Packaging: resources are found from a source checkout, an installed wheel and a (simulated) bundle;
the PyInstaller spec's Qt exclusions match what the app imports; the Windows version resource; fonts
on a Windows without 宋体.

The frozen bundle itself is built and run by packaging/smoke_test.sh (CI runs it after these tests).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from yanxiu_desktop import __version__, paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "yanxiu_desktop"
SPEC = ROOT / "packaging" / "yanxiu.spec"

# Run the probe with no site-packages (-S): the venv's editable install must not answer for the wheel.
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import yanxiu_desktop
from yanxiu_desktop.paths import forms_path, resource_path
print(json.dumps({
    "package": yanxiu_desktop.__file__,
    "song": str(resource_path("fonts", "YanxiuSong-Regular.ttf")),
    "signin": str(forms_path("signin.toml")),
    "rubrics": sorted(p.name for p in forms_path("rubrics").glob("*.toml")),
}))
"""


def _probe(import_root: Path, cwd: Path) -> dict[str, object]:
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "YANXIU"))}
    out = subprocess.run(
        [sys.executable, "-S", "-c", PROBE, str(import_root)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(out.stdout)


def _assert_inside(result: dict[str, object], package_dir: Path, data_dir: Path) -> None:
    """The package was imported from ``package_dir`` and its fonts and forms were found in ``data_dir``."""
    for key, base in (("package", package_dir), ("song", data_dir), ("signin", data_dir)):
        path = Path(str(result[key]))
        assert path.is_file(), f"{key}: {path} does not exist"
        assert path.resolve().is_relative_to(base.resolve()), f"{key}: {path} is not inside {base}"
    assert result["rubrics"], "no rubric presets found under forms/rubrics"


def test_resources_from_source_checkout(tmp_path: Path) -> None:
    result = _probe(ROOT, cwd=tmp_path)
    _assert_inside(result, PACKAGE, ROOT)
    assert Path(str(result["song"])) == ROOT / "resources" / "fonts" / "YanxiuSong-Regular.ttf"


@pytest.mark.slow
def test_wheel_carries_resources_and_finds_them_when_installed(tmp_path: Path) -> None:
    """`pip install .` (not editable): resources/ and forms/ travel inside the wheel as yanxiu_desktop/_data."""
    # Build from a copy of what the sdist holds, so nothing is written into the checkout (build/, egg-info).
    src = tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.egg-info")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        src.mkdir(exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    for top in ("yanxiu_desktop", "resources", "forms"):
        shutil.copytree(ROOT / top, src / top, ignore=skip)
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "--disable-pip-version-check",
         "-w", str(wheels)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("yanxiu_desktop-*.whl")
    assert wheel.name.startswith(f"yanxiu_desktop-{__version__}-")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    data = "yanxiu_desktop/_data/"
    for top in ("resources", "forms"):
        expected = {
            f"{data}{p.relative_to(ROOT).as_posix()}"
            for p in (ROOT / top).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
        }
        assert expected and expected <= names, f"missing from the wheel: {sorted(expected - names)[:10]}"
    assert f"{data}resources/fonts/YanxiuSong-Regular.ttf" in names
    assert any(re.fullmatch(rf"{data}forms/[^/]+\.toml", n) for n in names)
    assert not any(n.startswith(("tests/", "packaging/", "bench/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as zf:
        scripts = zf.read(entry_points).decode()
    assert "yanxiu = yanxiu_desktop.cli:main" in scripts
    assert "yanxiu-desktop = yanxiu_desktop.ui.app:main" in scripts

    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check",
         "--no-index", "--target", str(target), str(wheel)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _probe(target, cwd=elsewhere)
    _assert_inside(result, target / "yanxiu_desktop", target / "yanxiu_desktop" / "_data")


def test_bundle_directory_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In a PyInstaller bundle resources/ and forms/ sit in sys._MEIPASS (the spec's DATAS)."""
    for top in ("resources", "forms"):
        (tmp_path / top).mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    paths._root.cache_clear()
    try:
        assert paths.resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"
        assert paths.forms_path("signin.toml") == tmp_path / "forms" / "signin.toml"
    finally:
        monkeypatch.undo()
        paths._root.cache_clear()
    assert paths.resource_path().is_dir()


# --- the PyInstaller spec ---------------------------------------------------------------------------

def _spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in {SPEC}")


def _qt_modules_imported() -> set[str]:
    pattern = re.compile(r"^\s*(?:from|import)\s+PySide6\.(Qt\w+)", re.M)
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_spec_excludes_no_qt_module_the_app_uses() -> None:
    """Importing a new Qt module? Remove it from QT_UNUSED in packaging/yanxiu.spec too."""
    unused = set(_spec_list("QT_UNUSED"))
    used = _qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & unused, f"the app imports {sorted(used & unused)}, which the spec leaves out"
    # Keep the bundle lean: the heavy modules stay out.
    assert {"QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia",
            "QtCharts"} <= unused


def test_spec_bundles_resources_forms_and_both_entry_points() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in text
    assert '(str(ROOT / "forms"), "forms")' in text
    for script in ("launch_gui.py", "launch_cli.py"):
        assert f'"{script}"' in text
        assert (ROOT / "packaging" / script).is_file()
    assert (ROOT / "resources" / "icons" / "yanxiu.ico").is_file()


# --- Windows version resource -------------------------------------------------------------------------

def _load_version_info():
    import importlib.util

    spec = importlib.util.spec_from_file_location("version_info", ROOT / "packaging" / "version_info.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_info_from_package_version(tmp_path: Path) -> None:
    vi = _load_version_info()
    assert vi.package_version() == __version__
    assert vi.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert vi.version_tuple("2.0rc1") == (2, 0, 0, 0)
    assert vi.version_tuple("1.2.3.4.5") == (1, 2, 3, 4)

    path = vi.write(tmp_path / "v.txt", "yanxiu.exe", "yanxiu")
    text = path.read_text(encoding="utf-8")

    # PyInstaller evaluates the text with its own classes; record the calls instead (its module needs Windows).
    def record(kind: str):
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]
    info = eval(text, {n: record(n) for n in names})  # noqa: S307 (our own generated text)
    ffi = info[2]["ffi"][2]
    assert ffi["filevers"] == ffi["prodvers"] == vi.version_tuple(__version__)
    strings = dict(s[1] for s in info[2]["kids"][0][1][0][0][1][1])
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "yanxiu.exe"
    assert strings["ProductName"] == "研修通"


# --- fonts on a Windows without 宋体 (the other cases are in tests/pdf/test_fonts.py) -----------------

def test_windows_without_simsun_uses_bundled_song(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from yanxiu_desktop.pdf import fonts

    (tmp_path / "Fonts").mkdir()  # a Windows folder with no simsun.ttc
    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    fonts._reset_for_tests()
    try:
        fonts.register_fonts()
        assert fonts.font_file(fonts.SONG) == paths.resource_path("fonts", fonts.SONG_FILE)
        assert fonts.font_file(fonts.HEI) == paths.resource_path("fonts", fonts.HEI_FILE)
        with pytest.raises(ValueError):
            fonts.font_file(fonts.SONG_FALLBACK)  # only registered when SONG is the system 宋体
        assert fonts.missing_glyphs("周𬭚") == []
    finally:
        fonts._reset_for_tests()
        monkeypatch.undo()
        fonts.register_fonts()


def test_font_licences_documented() -> None:
    fonts_dir = ROOT / "resources" / "fonts"
    readme = (fonts_dir / "README.md").read_text(encoding="utf-8")
    assert "SIL Open Font License" in readme
    assert "SIL OPEN FONT LICENSE" in (fonts_dir / "OFL.txt").read_text(encoding="utf-8").upper()
    for ttf in fonts_dir.glob("*.ttf"):
        assert ttf.name in readme, f"{ttf.name} is not described in resources/fonts/README.md"
