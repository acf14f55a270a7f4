"""A second launch on the same database brings the running window forward instead of opening again.

QtNetwork (~30 ms to load) is imported only when a window program holds the lock or once the window is up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

_MESSAGE = b"raise\n"


def server_name(db_path: Path) -> str:
    """One name per database file (and per user, as local sockets are per user on every platform)."""
    key = str(Path(db_path).resolve()).lower().encode("utf-8")
    return "yanxiu-desktop-" + hashlib.sha1(key).hexdigest()[:16]


def wait_for_running(db_path: Path, seconds: float = 15.0) -> bool:
    """While another window program on this computer holds the database (maybe still starting up),
    keep knocking; True once it answered."""
    import time

    from yanxiu_desktop.store.lock import is_stale, lock_path_for, read_holder

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        # The lock file first: only a live window program can answer, and mostly nobody holds it.
        holder = read_holder(lock_path_for(Path(db_path)))
        if holder is None or holder.kind != "gui" or is_stale(holder):
            return False
        if notify_running(db_path):
            return True
        time.sleep(0.3)
    return False


def notify_running(db_path: Path, timeout_ms: int = 500) -> bool:
    """Ask a running instance to come forward. True if one answered (this launch should then quit)."""
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(server_name(db_path))
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(_MESSAGE)
    sock.flush()
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches and raises *window* when one knocks."""

    def __init__(self, db_path: Path, window: QWidget | None = None, parent: QObject | None = None):
        # Listening starts before the window exists (opening a big file, building demo data take time),
        # so a second launch during start-up is still answered.
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent or window)
        self.window = window
        self.raised = 0
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(db_path)
        if not self.server.listen(name):
            # A socket file left by a crashed instance: remove it and listen again.
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._on_message(s))
            sock.disconnected.connect(sock.deleteLater)

    def _on_message(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(_MESSAGE.strip()):
            self.bring_forward()

    def bring_forward(self) -> None:
        w = self.window
        if w is None:
            return  # still starting: the window will show by itself
        if w.isMinimized():
            w.setWindowState((w.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        w.show()
        w.raise_()
        w.activateWindow()
        self.raised += 1
