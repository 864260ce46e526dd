"""A variable a direnv ``.envrc`` exports, read as data: the file is never run.

direnv (its man page, direnv(1), and stdlib, direnv-stdlib(1)): before each prompt it looks for an
``.envrc`` in the current folder and its parents, loads the first one it finds (only that one) into a
bash sub-shell once the user has allowed it (``direnv allow``), and captures the variables it
*exports*. ``source_up`` (``source_up_if_exists``) loads the next ``.envrc`` found from the parent
folder up, at that point of the file.

compat reads the nearest ``.envrc`` from the project's folder up, statement by statement, and knows a
variable only where the file writes it plainly: ``export NAME=value`` (also several per line, or
``NAME=value`` with ``export NAME`` or ``set -a``), the value literal, quoted or not; ``unset NAME``
removes it; ``source_up`` is followed (read as data too). Anything else that may set it makes it
unknown, said in a note, never guessed: a value built at run time (``$(...)``, ``${...}``, ``$X``,
backquotes), an assignment under a condition, a loop or a function (``if``, ``case``, ``&&``, ``||``,
``{ ... }``), or a ``source_env``, ``source``, ``.``, ``dotenv``, ``eval``, ``source_url`` after the
literal, which may set it again (before it, or with no literal at all, such a loader is not followed
and says nothing: the variable is then as unknown as without the file). ``use``, ``layout``,
``PATH_add`` and the other stdlib helpers set what their names say, not this variable. A file that is
binary, too large, not UTF-8 or not readable is a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compat.record import Record
from compat.versions.detect import nearest_envrc

MAX_BYTES = 256 * 1024
_MAX_DEPTH = 8  # source_up chains followed at most this far
_OPENERS = frozenset({"if", "case", "for", "while", "until", "select", "{", "(", "function"})
_CLOSERS = frozenset({"fi", "esac", "done", "}", ")"})
_LEADERS = frozenset({"then", "else", "elif", "do", "!"})
_EXPORTERS = frozenset({"export", "declare", "typeset", "local", "readonly"})
_SOURCE_UP = frozenset({"source_up", "source_up_if_exists"})
#: commands that may set any variable: what they load is not followed
_LOADERS = frozenset(
    {"source_env", "source_env_if_exists", "source", ".", "dotenv", "dotenv_if_exists", "eval", "source_url"}
)


class EnvrcSetting(Record):
    """What the nearest ``.envrc`` does to one variable."""

    value: str | None  # the literal value it exports (None: unknown or not exported)
    path: Path  # the .envrc that decides it
    line: int


class _Word(Record):
    text: str  # the word with its quotes removed
    dynamic: bool  # an expansion ($, backquote) outside single quotes


class _Command(Record):
    words: tuple[_Word, ...]
    line: int
    conditional: bool  # joined to another by && or ||, or run apart (a pipe, &): its variables may not stay


class _Unreadable(ValueError):
    """An ``.envrc`` compat does not read (its reason is the message)."""


def _commands(text: str) -> Iterator[_Command]:
    """The simple commands of a shell text, split on ``;``, ``&``, ``&&``, ``||``, ``|`` and newlines,
    with quotes, escapes, comments and line continuations read as bash reads them, and nothing
    expanded: ``$(...)``, ``${...}`` and backquotes are kept inside their word, which is marked
    dynamic; an unquoted ``(`` or ``)`` is a word of its own (a subshell, a function definition)."""
    scanner = _Scanner(text)
    yield from scanner.commands()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.at, self.line = text, 0, 1
        self.words: list[_Word] = []
        self.chars: list[str] = []
        self.dynamic = self.started = self.conditional = False
        self.start_line = 1

    def begin(self) -> None:
        if not self.words and not self.started:
            self.start_line = self.line
        self.started = True

    def end_word(self) -> None:
        if self.started:
            self.words.append(_Word(text="".join(self.chars), dynamic=self.dynamic))
        self.chars, self.dynamic, self.started = [], False, False

    def take(self) -> str:
        char = self.text[self.at]
        self.at += 1
        self.line += char == "\n"
        return char

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def expansion(self, opener: str) -> None:
        """Consume ``$(...)``, ``${...}`` or a backquoted command into the word, as dynamic."""
        closer = {"(": ")", "{": "}", "`": "`"}[opener]
        depth = 1
        while self.at < len(self.text) and depth:
            char = self.take()
            self.chars.append(char)
            if char == "\\" and self.peek():
                self.chars.append(self.take())
            elif char == closer:
                depth -= 1
            elif char == opener and opener != "`":
                depth += 1
        if depth:
            raise _Unreadable(f"an expansion opened on line {self.start_line} is never closed")
        self.dynamic = True

    def quoted(self, quote: str) -> None:
        opened = self.line
        while True:
            if self.at >= len(self.text):
                raise _Unreadable(f"a quote opened on line {opened} is never closed")
            char = self.take()
            if char == quote:
                return
            if quote == '"' and char == "\\" and self.peek() in ('"', "\\", "$", "`", "\n"):
                escaped = self.take()
                if escaped != "\n":
                    self.chars.append(escaped)
            elif quote == '"' and char in "$`":
                self.chars.append(char)
                self.dynamic = True
                if char == "`" or self.peek() in ("(", "{"):
                    self.expansion(char if char == "`" else self.take())
            else:
                self.chars.append(char)

    def flush(self, conditional: bool) -> Iterator[_Command]:
        self.end_word()
        if self.words:
            yield _Command(words=tuple(self.words), line=self.start_line, conditional=conditional)
        self.words = []

    def commands(self) -> Iterator[_Command]:
        while self.at < len(self.text):
            char = self.take()
            if char == "\\" and self.peek():
                escaped = self.take()
                if escaped != "\n":  # a line continuation joins the lines
                    self.begin()
                    self.chars.append(escaped)
            elif char in "'\"":
                self.begin()
                self.quoted(char)
            elif char == "#" and not self.started:
                while self.peek() not in ("", "\n"):
                    self.take()
            elif char in " \t\r":
                self.end_word()
            elif char in "()":
                self.end_word()
                self.begin()
                self.chars.append(char)
                self.end_word()
            elif char in ";&|\n":
                doubled = char in "&|" and self.peek() == char
                if doubled:
                    self.take()
                guarded = char in "&|"  # && ||: conditional; | &: a subshell, its variables are lost
                yield from self.flush(self.conditional or guarded)
                self.conditional = guarded
            else:
                self.begin()
                self.chars.append(char)
                if char in "$`":
                    self.dynamic = True
                    if char == "`":
                        self.expansion("`")
                    elif self.peek() in ("(", "{"):
                        self.chars.append(self.take())
                        self.expansion(self.chars[-1])
        yield from self.flush(self.conditional)


class _Reading:
    """The state of one variable as the statements of an ``.envrc`` (and what it sources up) go by."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.value: str | None = None
        self.exported = self.allexport = False
        self.unknown = ""  # why the value is not known ("": it is)
        self.path, self.line = Path(), 0

    def read_file(self, path: Path, depth: int) -> None:
        if depth > _MAX_DEPTH:
            self.unknown = f"{path} is sourced up more than {_MAX_DEPTH} levels deep: not followed"
            return
        nesting = 0
        for command in _commands(_text(path)):
            words = command.words
            while words[0].text in _LEADERS and len(words) > 1:
                words = words[1:]
            head = words[0].text
            if head in _CLOSERS:
                nesting = max(0, nesting - 1)
                continue
            texts = [word.text for word in words]
            opens = head in _OPENERS or texts.count("{") > texts.count("}")
            nesting += 1 if opens else 0
            subshell = "(" in texts  # ``( export X=1 )``, ``f() ...``: not this shell's variables
            self.command(path, command.line, words, nesting > 0 or command.conditional or subshell, depth)
            if subshell and not opens and texts.count("(") == texts.count(")") and "{" in texts:
                nesting += 1  # ``f() {``: the body follows

    def command(self, path: Path, line: int, words: tuple[_Word, ...], guarded: bool, depth: int) -> None:
        head = words[0].text
        where = f"{path}:{line}"
        if guarded and any(w.text == self.name or w.text.startswith(self.name + "=") for w in words):
            self.unknown = (
                f"{where} sets {self.name} under a condition, a loop, a subshell or a function: not read"
            )
            return
        if head in _SOURCE_UP and not guarded:
            parent = nearest_envrc(path.parent.parent) if path.parent != path.parent.parent else None
            if parent is not None:
                self.read_file(parent, depth + 1)
            return
        if head in _LOADERS or head in _SOURCE_UP:
            if self.value is not None:  # nothing set yet: what it loads is no more unknown than before
                self.unknown = f"{where} runs {head}, which may set {self.name} again (not followed)"
            return
        if guarded:
            return
        if head == "set":
            flags = [w.text for w in words[1:]]
            if "-a" in flags or flags[:2] == ["-o", "allexport"]:
                self.allexport = True
            if "+a" in flags or flags[:2] == ["+o", "allexport"]:
                self.allexport = False
            return
        if head == "unset":
            if any(w.text == self.name for w in words[1:]):
                self.value, self.exported, self.unknown = None, False, ""
            return
        exporting = head in _EXPORTERS
        arguments = words[1:] if exporting else words
        options = [w.text for w in arguments if w.text.startswith("-")]
        exports = head == "export" or (head in ("declare", "typeset") and any("x" in o for o in options))
        if head == "export" and "-n" in options:
            exports = False
        assignments = []
        for word in arguments:
            named, equals, value = word.text.partition("=")
            if equals and named.isidentifier():
                assignments.append((named, value, word.dynamic))
            elif word.text.startswith("-"):
                continue
            elif not exporting:
                return  # ``NAME=value command``: the assignment is that command's only
            elif word.text == self.name:
                self.exported = exports
        for named, value, dynamic in assignments:
            if named == self.name:
                exported = exports or self.exported or self.allexport
                self.set(where, value, exported=exported, dynamic=dynamic, path=path, line=line)

    def set(self, where: str, value: str, *, exported: bool, dynamic: bool, path: Path, line: int) -> None:
        if dynamic:
            self.unknown = f"{where} sets {self.name} to a value built when the shell runs it: not read"
            return
        self.value, self.exported, self.unknown = value, exported, ""
        self.path, self.line = path, line


def _text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Unreadable(f"larger than {MAX_BYTES // 1024} KiB")
        data = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as error:
        raise _Unreadable(f"cannot be read ({error.strerror or type(error).__name__})") from error
    if b"\0" in data:
        raise _Unreadable("a binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable("not UTF-8 text") from error


def envrc_setting(start: Path, name: str, notes: list[str], path: Path | None = None) -> EnvrcSetting | None:
    """The literal value the ``.envrc`` direnv loads for ``start`` (``path``, when the caller found it
    with :func:`nearest_envrc`) exports for ``name``, with the file and line that set it; None when no
    ``.envrc`` names it. What makes it unknown goes to ``notes``."""
    path = nearest_envrc(start) if path is None else path
    if path is None:
        return None
    reading = _Reading(name)
    try:
        reading.read_file(path, 0)
    except (_Unreadable, RecursionError) as error:
        said = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        notes.append(f"{path} (direnv) is {said}: its {name}, if any, not read")
        return None
    if reading.unknown:
        notes.append(f"{reading.unknown} (direnv's {path.name} is read as data, never run)")
        return None
    if reading.value is None or not reading.path.parts:
        return None
    if not reading.exported:
        notes.append(
            f"{reading.path}:{reading.line} sets {name} without exporting it: direnv passes on exported "
            "variables only, so not read"
        )
        return None
    return EnvrcSetting(value=reading.value.strip(), path=reading.path, line=reading.line)
