# Build the Windows bundle and installer of 研修通 on a Windows 10/11 x64 build machine.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1            (from the repository root)
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1 -SkipInstaller
#
# Needs (see packaging/README.md): Python 3.12.x x64 from python.org (the "py" launcher), Inno Setup 6.5+
# (ISCC.exe), and once, network access to the package index for the pinned wheels in
# packaging\requirements-build.txt.  The school PCs need none of this: they get the setup .exe.
#
# NOT VERIFIED ON WINDOWS: no Windows machine or Windows Python is available where this project is developed.
# The same spec is built and smoke-tested on Linux (packaging/smoke_test.sh, run by CI); the steps below are
# kept as close to those as possible.
[CmdletBinding()]
param(
    [switch]$SkipInstaller,
    [string]$Python = "3.12",
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = Resolve-Path (Join-Path $PSScriptRoot "..")
Set-Location $Root

function Step($msg) { Write-Host "==> $msg" -ForegroundColor Cyan }
function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)" } }

# 1. Python 3.12 x64 in a fresh virtual environment (.venv-win; .venv belongs to Linux/WSL checkouts).
Step "Python $Python (x64)"
& py "-$Python" -c "import sys, struct; assert struct.calcsize('P') == 8, '64-bit Python required'; print(sys.version)"
Check "py -$Python"
$Venv = Join-Path $Root ".venv-win"
if (-not (Test-Path (Join-Path $Venv "Scripts\python.exe"))) {
    & py "-$Python" -m venv $Venv
    Check "venv"
}
$Py = Join-Path $Venv "Scripts\python.exe"

# 2. Exactly the versions the Linux build was smoke-tested with.
Step "pip install -r packaging\requirements-build.txt"
& $Py -m pip install --disable-pip-version-check --upgrade pip
Check "pip upgrade"
& $Py -m pip install --disable-pip-version-check --only-binary=:all: -r packaging\requirements-build.txt
Check "pip install"

# 3. Quick self-check from the source tree before freezing (fonts, forms, PDF; no GUI).
Step "Self-check (yanxiu check on a demo database)"
$Tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("yanxiu-build-" + [guid]::NewGuid())
New-Item -ItemType Directory $Tmp | Out-Null
$env:YANXIU_DATA_DIR = $Tmp
& $Py -m yanxiu_desktop.cli --db (Join-Path $Tmp "demo.sqlite3") demo | Out-Null
Check "yanxiu demo (source tree)"

# 4. PyInstaller: dist\yanxiu-desktop\ with yanxiu-desktop.exe (GUI) and yanxiu.exe (CLI).
Step "pyinstaller packaging\yanxiu.spec"
$t0 = Get-Date
& $Py -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\yanxiu.spec
Check "PyInstaller"
$Bundle = Join-Path $Root "dist\yanxiu-desktop"
$size = (Get-ChildItem $Bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
Write-Host ("bundle: {0:N0} MB, {1:N0} s" -f $size, ((Get-Date) - $t0).TotalSeconds)

# 5. Smoke test of the frozen app, as packaging/smoke_test.sh does on Linux.
Step "Smoke test (frozen)"
# Piped output of the frozen CLI is in the ANSI code page; Chinese text needs 936 (中文(简体，中国)).
if ([System.Text.Encoding]::Default.CodePage -ne 936) {
    $cp = [System.Text.Encoding]::Default.CodePage
    Write-Warning ("System locale code page is $cp, not 936: the CLI's piped Chinese output may fail. " +
        "Use a machine whose 'Language for non-Unicode programs' is Chinese (Simplified, China).")
}
$Cli = Join-Path $Bundle "yanxiu.exe"
$Db = Join-Path $Tmp "frozen.sqlite3"
Push-Location $Tmp
try {
    & $Cli --db $Db demo | Out-Null; Check "yanxiu demo"
    $sem = (& $Cli --db $Db semesters --json | ConvertFrom-Json)
    $picked = $null
    foreach ($s in $sem) {
        $acts = @(& $Cli --db $Db activities --semester $s.id --json | ConvertFrom-Json | Where-Object { $_.status -eq "已完成" })
        if ($acts.Count -gt 0) { $picked = @($s.id, $acts[0].id); break }
    }
    if (-not $picked) { throw "no completed activity in the demo database" }
    & $Cli --db $Db print signin --activity $picked[1] -o (Join-Path $Tmp "signin.pdf"); Check "print signin"
    & $Cli --db $Db export district --semester $picked[0] -o (Join-Path $Tmp "district.xlsx"); Check "export district"
    $gui = Start-Process -FilePath (Join-Path $Bundle "yanxiu-desktop.exe") -Wait -PassThru `
        -ArgumentList @("--screenshot", (Join-Path $Tmp "shots"), "--demo", "--db", (Join-Path $Tmp "gui.sqlite3"))
    if ($gui.ExitCode -ne 0) { throw "GUI --screenshot exit code $($gui.ExitCode)" }
    $shots = @(Get-ChildItem (Join-Path $Tmp "shots") -Filter *.png).Count
    if ($shots -lt 1) { throw "GUI wrote no screenshots" }
    Write-Host "smoke test passed: signin.pdf, district.xlsx, $shots screenshots in $Tmp"
} finally {
    Pop-Location
    Remove-Item Env:\YANXIU_DATA_DIR -ErrorAction SilentlyContinue
}

if ($SkipInstaller) { return }

# 6. Inno Setup: dist\yanxiu-desktop-<version>-setup.exe
Step "iscc packaging\installer.iss"
if (-not $Iscc) {
    $cmd = Get-Command iscc.exe -ErrorAction SilentlyContinue
    $candidates = @(
        $(if ($cmd) { $cmd.Source }),
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    ) | Where-Object { $_ -and (Test-Path $_) }
    if (-not $candidates) { throw "ISCC.exe not found: install Inno Setup 6.5+ or pass -Iscc <path>" }
    $Iscc = @($candidates)[0]
}
$Version = (& $Py -c "import yanxiu_desktop; print(yanxiu_desktop.__version__)").Trim()
Check "read version"
& $Iscc "/DAppVersion=$Version" packaging\installer.iss
Check "ISCC"
Get-Item (Join-Path $Root "dist\yanxiu-desktop-$Version-setup.exe") | Format-List Name, Length
