"""Loading and validating questionnaire YAML files.

Validation walks PyYAML's node graph (``yaml.compose``) rather than the constructed Python objects, so
every problem is reported at the real line of the node that caused it, and all problems in a file are
reported together rather than stopping at the first.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .schema import (
    AUDIENCES,
    CADENCES,
    CHOICE_TYPES,
    IMPLIED_OPTION_TYPES,
    QUESTION_TYPES,
    Option,
    Problem,
    Question,
    Questionnaire,
    QuestionnaireError,
    estimate_minutes,
)

StrPath = str | os.PathLike[str]

DEFAULT_DIR = Path(__file__).resolve().parent

QUESTIONNAIRE_KEY = re.compile(r"[a-z][a-z0-9-]*")
QUESTION_KEY = re.compile(r"[a-z][a-z0-9_]*")
OPTION_VALUE = re.compile(r"[a-z0-9][a-z0-9_]*")

TOP_FIELDS = ("key", "version", "title", "audience", "intro", "cadence", "estimated_minutes", "questions")
TOP_REQUIRED = ("key", "version", "title", "audience", "intro", "questions")
QUESTION_FIELDS = (
    "key",
    "type",
    "text",
    "hint",
    "options",
    "required",
    "theme_hint",
    "max_length",
    "low_label",
    "high_label",
)
QUESTION_REQUIRED = ("key", "type", "text")
OPTION_FIELDS = ("value", "label")
DEFAULT_CADENCE = "ad_hoc"

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"

_IMPLIED_SUMMARY = {
    "likert5": "1 (Strongly disagree) to 5 (Strongly agree)",
    "scale0_10": "0 to 10",
    "yes_no": "yes and no",
}

# construct_yaml_int/bool only read the node, so one shared constructor is safe.
_CONSTRUCTOR = SafeConstructor()

_Fields = dict[str, tuple[yaml.Node, yaml.Node]]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def _is_empty(node: yaml.Node) -> bool:
    """True for a field given no value (``questions:``) or an empty list (``questions: []``)."""
    if isinstance(node, yaml.ScalarNode):
        return node.tag == _NULL
    return isinstance(node, yaml.SequenceNode) and not node.value


def _suggest(word: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def slugify(label: str) -> str:
    """An option value made from a label: ASCII lower case, runs of other characters as ``_``."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_")


class _FileChecker:
    """Validates one file, collecting problems; builds the Questionnaire only if there are none."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.key_line = 1
        self.typos: set[tuple[int, str]] = set()  # (id of mapping, field a typo probably meant)

    def report(self, where: yaml.Node | int, message: str) -> None:
        line = where if isinstance(where, int) else _line(where)
        # One problem must stay one line of CLI output.
        self.problems.append(Problem(self.file, line, " ".join(message.split())))

    # -- reading -----------------------------------------------------------------------------------

    def read(self, path: StrPath) -> str | None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            self.report(1, "file not found")
            return None
        except IsADirectoryError:
            self.report(1, "is a directory, not a file")
            return None
        except OSError as exc:
            self.report(1, f"cannot read file: {exc.strerror or exc}")
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.report(line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8")
            return None

    def compose(self, text: str) -> yaml.Node | None:
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or exc.context or "syntax error"
            if exc.context and exc.problem:
                where = ""
                if exc.context_mark is not None and exc.context_mark.line != (mark.line if mark else -1):
                    where = f" from line {exc.context_mark.line + 1}"
                message = f"{message} ({exc.context}{where})"
            self.report(mark.line + 1 if mark else 1, f"invalid YAML: {message}")
        except yaml.reader.ReaderError as exc:
            line = text.count("\n", 0, exc.position) + 1
            character = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self.report(line, f"invalid YAML: character #x{character:04x} is not allowed")
        except yaml.YAMLError as exc:
            self.report(1, f"invalid YAML: {exc}")
        except RecursionError:
            self.report(1, "invalid YAML: nested too deeply")
        return None

    # -- generic field helpers ---------------------------------------------------------------------

    def fields(self, mapping: yaml.MappingNode, allowed: Sequence[str], what: str) -> _Fields:
        """Field name -> (key node, value node), reporting unknown and repeated names."""
        found: _Fields = {}
        for key_node, value_node in mapping.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.report(key_node, f"field names in {what} must be plain words, not a {_kind(key_node)}")
                continue
            name = key_node.value
            if name in found:
                first = _line(found[name][0])
                self.report(key_node, f"field {name!r} is given twice in {what} (first at line {first})")
            elif name not in allowed:
                match = difflib.get_close_matches(name, allowed, n=1)
                if match:
                    self.typos.add((id(mapping), match[0]))
                if match:
                    hint = f" (did you mean {match[0]!r}?)"
                else:
                    hint = f"; expected one of: {', '.join(allowed)}"
                self.report(key_node, f"unknown field {name!r} in {what}{hint}")
            else:
                found[name] = (key_node, value_node)
        return found

    def require(self, mapping: yaml.Node, found: _Fields, required: Sequence[str], what: str) -> None:
        for name in required:
            # A likely typo of this field was already reported; "missing" as well would be noise.
            if name not in found and (id(mapping), name) not in self.typos:
                self.report(mapping, f"{what} is missing required field {name!r}")

    def text(self, node: yaml.Node, field: str, *, required: bool = True) -> str | None:
        """The text of a scalar; plain ``yes``/``no``/numbers are taken as written, not as bool/int."""
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"{field!r} must be text, not a {_kind(node)}")
            return None
        value = "" if node.tag == _NULL else node.value.strip()
        if not value:
            if required:
                self.report(node, f"{field!r} is empty")
            return None
        return value

    def integer(self, node: yaml.Node, field: str) -> int | None:
        """A whole number of at least 1 (quoted numbers are text and rejected, to catch mistakes early)."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            value = _CONSTRUCTOR.construct_yaml_int(node)
            if value >= 1:
                return value
        shown = node.value if isinstance(node, yaml.ScalarNode) else f"a {_kind(node)}"
        is_quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        quoted = " written in quotes" if is_quoted else ""
        self.report(node, f"{field!r} must be a whole number of 1 or more, not {shown!r}{quoted}")
        return None

    def boolean(self, node: yaml.Node, field: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            return bool(_CONSTRUCTOR.construct_yaml_bool(node))
        shown = node.value if isinstance(node, yaml.ScalarNode) else f"a {_kind(node)}"
        self.report(node, f"{field!r} must be true or false, not {shown!r}")
        return None

    def one_of(self, node: yaml.Node, field: str, allowed: Sequence[str]) -> str | None:
        value = self.text(node, field)
        if value is not None and value not in allowed:
            choices = ", ".join(allowed)
            self.report(node, f"{field!r} must be one of {choices}, not {value!r}{_suggest(value, allowed)}")
            return None
        return value

    def identifier(self, node: yaml.Node, field: str, pattern: re.Pattern[str], rule: str) -> str | None:
        value = self.text(node, field)
        if value is not None and not pattern.fullmatch(value):
            self.report(node, f"{field} {value!r} must start with a lower-case letter and use only {rule}")
            return None
        return value

    # -- the document --------------------------------------------------------------------------------

    def document(self, root: yaml.Node | None, source: str) -> Questionnaire | None:
        if root is None:
            self.report(
                1,
                "file is empty; expected a questionnaire with key, version, title, audience, "
                "intro and questions",
            )
            return None
        if not isinstance(root, yaml.MappingNode):
            self.report(
                root,
                f"expected a mapping of fields (key, version, title, ...) at the top level, "
                f"not a {_kind(root)}",
            )
            return None
        found = self.fields(root, TOP_FIELDS, "the questionnaire")
        self.require(root, found, TOP_REQUIRED, "questionnaire")

        def value(name: str) -> yaml.Node | None:
            return found[name][1] if name in found else None

        key = version = title = audience = intro = None
        cadence: str | None = DEFAULT_CADENCE
        minutes: int | None = None
        questions: list[Question] = []
        if (node := value("key")) is not None:
            self.key_line = _line(node)
            key = self.identifier(node, "questionnaire key", QUESTIONNAIRE_KEY, "a-z, 0-9 and -")
        if (node := value("version")) is not None:
            version = self.integer(node, "version")
        if (node := value("title")) is not None:
            title = self.text(node, "title")
        if (node := value("audience")) is not None:
            audience = self.one_of(node, "audience", AUDIENCES)
        if (node := value("intro")) is not None:
            intro = self.text(node, "intro")
        if (node := value("cadence")) is not None:
            cadence = self.one_of(node, "cadence", CADENCES)
        if (node := value("estimated_minutes")) is not None:
            minutes = self.integer(node, "estimated_minutes")
        if (node := value("questions")) is not None:
            questions = self.questions(found["questions"][0], node)

        if self.problems:
            return None
        assert key and version and title and audience and intro and cadence  # guaranteed when no problems
        return Questionnaire(
            key=key,
            version=version,
            title=title,
            audience=audience,
            intro=intro,
            cadence=cadence,
            estimated_minutes=minutes or estimate_minutes(questions),
            questions=tuple(questions),
            source=source,
        )

    def questions(self, field_node: yaml.Node, node: yaml.Node) -> list[Question]:
        if _is_empty(node):
            self.report(field_node, "'questions' is empty; add at least one question")
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                node,
                f"'questions' must be a list (each question starting with '- key:'), not a {_kind(node)}",
            )
            return []
        seen: dict[str, int] = {}
        built = [self.question(item, index, seen) for index, item in enumerate(node.value, start=1)]
        return [q for q in built if q is not None]

    def question(self, node: yaml.Node, index: int, seen: dict[str, int]) -> Question | None:
        before = len(self.problems)
        if not isinstance(node, yaml.MappingNode):
            self.report(
                node,
                f"question {index} must be a mapping of fields (key, type, text, ...), not a {_kind(node)}",
            )
            return None
        found = self.fields(node, QUESTION_FIELDS, f"question {index}")

        key = qtype = text = hint = theme_hint = low_label = high_label = None
        required: bool | None = True
        max_length: int | None = None
        options: tuple[Option, ...] = ()
        if "key" in found:
            key_node = found["key"][1]
            key = self.identifier(key_node, "question key", QUESTION_KEY, "a-z, 0-9 and _")
            if key is not None:
                if key in seen:
                    self.report(key_node, f"duplicate question key {key!r} (first used at line {seen[key]})")
                else:
                    seen[key] = _line(key_node)
        label = f"question {key!r}" if key else f"question {index}"
        self.require(node, found, QUESTION_REQUIRED, label)

        if "type" in found:
            type_node = found["type"][1]
            qtype = self.text(type_node, "type")
            if qtype is not None and qtype not in QUESTION_TYPES:
                self.report(
                    type_node,
                    f"unknown question type {qtype!r}{_suggest(qtype, QUESTION_TYPES)}; "
                    f"use one of {', '.join(QUESTION_TYPES)}",
                )
                qtype = None
        if "text" in found:
            text = self.text(found["text"][1], "text")
        if "hint" in found:
            hint = self.text(found["hint"][1], "hint", required=False)
        if "required" in found:
            required = self.boolean(found["required"][1], "required")
        if "theme_hint" in found:
            theme_hint = self.identifier(found["theme_hint"][1], "theme_hint", QUESTION_KEY, "a-z, 0-9 and _")

        # Type-specific fields are only judged once the type is known, to avoid a cascade of
        # misleading messages after an unknown type.
        if qtype is not None:
            options = self.type_specific(node, found, qtype, label)
            if "max_length" in found and qtype == "free_text":
                max_length = self.integer(found["max_length"][1], "max_length")
            if qtype == "scale0_10":
                if "low_label" in found:
                    low_label = self.text(found["low_label"][1], "low_label")
                if "high_label" in found:
                    high_label = self.text(found["high_label"][1], "high_label")

        if len(self.problems) > before or key is None or qtype is None or text is None or required is None:
            return None
        return Question(
            key=key,
            type=qtype,
            text=text,
            hint=hint,
            options=options,
            required=required,
            theme_hint=theme_hint,
            max_length=max_length,
            low_label=low_label,
            high_label=high_label,
        )

    def type_specific(self, node: yaml.Node, found: _Fields, qtype: str, label: str) -> tuple[Option, ...]:
        """Check fields that only some types allow; return the parsed options of a choice question."""
        if "max_length" in found and qtype != "free_text":
            self.report(found["max_length"][0], "'max_length' applies only to free_text questions")
        for name in ("low_label", "high_label"):
            if name in found and qtype != "scale0_10":
                self.report(found[name][0], f"{name!r} applies only to scale0_10 questions")
        if qtype in CHOICE_TYPES:
            if "options" not in found:
                self.report(node, f"{qtype} {label} needs a list of options")
                return ()
            return self.options(found["options"][1], qtype)
        if "options" in found:
            if qtype in IMPLIED_OPTION_TYPES:
                self.report(
                    found["options"][0],
                    f"{qtype} questions must not list options: they are always {_IMPLIED_SUMMARY[qtype]}",
                )
            else:
                self.report(found["options"][0], f"{qtype} questions do not take options")
        return ()

    def options(self, node: yaml.Node, qtype: str) -> tuple[Option, ...]:
        if _is_empty(node):
            self.report(node, f"'options' is empty; a {qtype} question needs at least 2 options")
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'options' must be a list, not a {_kind(node)}")
            return ()
        if len(node.value) < 2:
            self.report(node, f"a {qtype} question needs at least 2 options")
        options: list[Option] = []
        values: dict[str, int] = {}
        labels: dict[str, int] = {}
        for item in node.value:
            parsed = self.option(item)
            if parsed is None:
                continue
            option, value_node, label_node = parsed
            if option.value in values:
                self.report(
                    value_node,
                    f"option value {option.value!r} is used twice in this question "
                    f"(first at line {values[option.value]})",
                )
                continue
            if option.label in labels:
                self.report(
                    label_node,
                    f"option label {option.label!r} is used twice in this question "
                    f"(first at line {labels[option.label]})",
                )
                continue
            values[option.value] = _line(value_node)
            labels[option.label] = _line(label_node)
            options.append(option)
        return tuple(options)

    def option(self, node: yaml.Node) -> tuple[Option, yaml.Node, yaml.Node] | None:
        """An option and the nodes its value and label came from (for line numbers of repeats)."""
        if isinstance(node, yaml.ScalarNode):
            label = self.text(node, "option")
            if label is None:
                return None
            value = slugify(label)
            if not value:
                self.report(node, f"cannot make an option value from {label!r}; give 'value' and 'label'")
                return None
            return Option(value, label), node, node
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "each option must be text, or a mapping with 'value' and 'label'")
            return None
        found = self.fields(node, OPTION_FIELDS, "an option")
        self.require(node, found, OPTION_FIELDS, "option")
        if "value" not in found or "label" not in found:
            return None
        value_node, label_node = found["value"][1], found["label"][1]
        value = self.text(value_node, "value")
        if value is not None and not OPTION_VALUE.fullmatch(value):
            suggestion = slugify(value)
            self.report(
                value_node,
                f"option value {value!r} must use only a-z, 0-9 and _"
                + (f" (for example {suggestion!r})" if suggestion else ""),
            )
            value = None
        label = self.text(label_node, "label")
        if value is None or label is None:
            return None
        return Option(value, label), value_node, label_node


def _parse(path: StrPath, text: str | None = None) -> tuple[Questionnaire | None, list[Problem], int]:
    """(questionnaire or None, problems, line of its ``key``) for one file, or for ``text`` if given."""
    checker = _FileChecker(str(path))
    if text is None:
        text = checker.read(path)
    questionnaire = None
    if text is not None:
        root = checker.compose(text)
        if not checker.problems:
            questionnaire = checker.document(root, str(path))
    return questionnaire, sorted(checker.problems, key=lambda p: p.line), checker.key_line


def _parse_all(paths: Iterable[StrPath]) -> tuple[list[Questionnaire], list[Problem]]:
    """Parse every file and also report a key+version defined by more than one file."""
    loaded: list[Questionnaire] = []
    problems: list[Problem] = []
    first: dict[tuple[str, int], str] = {}
    for path in paths:
        questionnaire, file_problems, key_line = _parse(path)
        problems.extend(file_problems)
        if questionnaire is None:
            continue
        ident = (questionnaire.key, questionnaire.version)
        if ident in first:
            problems.append(
                Problem(
                    str(path),
                    key_line,
                    f"questionnaire {ident[0]!r} version {ident[1]} is already defined in {first[ident]}",
                )
            )
            continue
        first[ident] = f"{path}:{key_line}"
        loaded.append(questionnaire)
    return loaded, problems


def load_questionnaire(path: StrPath) -> Questionnaire:
    """Load and validate one file; raises ``QuestionnaireError`` listing every problem found."""
    questionnaire, problems, _ = _parse(path)
    if problems or questionnaire is None:
        raise QuestionnaireError(problems)
    return questionnaire


def load_text(text: str, source: str = "<text>") -> Questionnaire:
    """Validate questionnaire YAML held in memory (e.g. pasted into an admin form); ``source`` names it."""
    questionnaire, problems, _ = _parse(source, text)
    if problems or questionnaire is None:
        raise QuestionnaireError(problems)
    return questionnaire


def expand_paths(paths: Iterable[StrPath]) -> list[str]:
    """The given paths as strings, with each directory replaced by its ``*.yaml`` files (sorted)."""
    expanded: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            expanded.extend(str(p) for p in sorted(Path(path).glob("*.yaml")))
        else:
            expanded.append(str(path))
    return expanded


def check_files(paths: Iterable[StrPath]) -> list[Problem]:
    """Every problem in the given files (directories mean their ``*.yaml``), in file then line order."""
    _, problems = _parse_all(expand_paths(paths))
    return problems


def load_versions(directory: StrPath = DEFAULT_DIR) -> dict[tuple[str, int], Questionnaire]:
    """Every questionnaire in ``directory/*.yaml`` keyed by (key, version); raises ``QuestionnaireError``."""
    loaded, problems = _parse_all(expand_paths([directory]))
    if problems:
        raise QuestionnaireError(problems)
    return {(q.key, q.version): q for q in sorted(loaded, key=lambda q: (q.key, q.version))}


def load_directory(directory: StrPath = DEFAULT_DIR) -> dict[str, Questionnaire]:
    """The latest version of each questionnaire in ``directory/*.yaml``, keyed by questionnaire key.

    Raises ``QuestionnaireError`` with every problem in every file, including two files that share a
    key and version.
    """
    latest: dict[str, Questionnaire] = {}
    for (key, _version), questionnaire in load_versions(directory).items():
        latest[key] = questionnaire  # load_versions is sorted by version, so the last one wins
    return latest
