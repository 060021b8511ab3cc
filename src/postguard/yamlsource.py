"""YAML loading that remembers line numbers and refuses to blow up.

Every YAML postguard reads (policy packs, config, draft front matter) goes through here: each
error names its line, and a document is measured before it is built — nesting depth, and its
size with every alias expanded — so an alias bomb or a 600-deep nest is one error line, not
gigabytes of memory or a RecursionError.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from postguard.errors import PolicyError, location


class LineDict(dict):
    """A mapping from YAML that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's C parser when PyYAML has it (five times faster), else the pure-Python one
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise PolicyError(f"duplicate key {key!r}", where=location(loader.name, key_node.start_mark.line + 1),
                              fix="remove one of the two entries")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


MAX_DEPTH = 64  # far deeper than any policy pack or config needs
MAX_NODES = 200_000  # values in a document once every alias is expanded


class YamlTooBig(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def check_bounds(text: str, *, aliases: bool = True, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> None:
    """Raise YamlTooBig if the document nests too deep, is too large once aliases are expanded,
    or uses an alias where none is allowed. Reads the event stream: no recursion, no expansion.
    A syntax error is left for the real load to report."""
    stack: list[list] = [[0, None]]  # [values so far, anchor] per open collection
    sizes: dict[str, int] = {}
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([1, event.anchor])
                if len(stack) - 1 > max_depth:
                    raise YamlTooBig(f"is nested more than {max_depth} levels deep", line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                count, anchor = stack.pop()
                if anchor:
                    sizes[anchor] = count
                stack[-1][0] += count
            elif isinstance(event, yaml.AliasEvent):
                if not aliases:
                    raise YamlTooBig("uses a YAML alias (*name), which is not allowed here", line)
                stack[-1][0] += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor:
                    sizes[event.anchor] = 1
                stack[-1][0] += 1
            if stack[-1][0] > max_nodes or sum(entry[0] for entry in stack) > max_nodes:
                raise YamlTooBig(f"holds more than {max_nodes:,} values once its aliases are expanded", line)
    except yaml.YAMLError:
        return


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text; a syntax error becomes a one-line PolicyError naming file and line."""
    try:
        check_bounds(text)
    except YamlTooBig as exc:
        raise PolicyError(f"the YAML {exc}", where=location(name, exc.line),
                          fix="simplify the document (anchors and aliases that multiply, or deep nesting)") from None
    loader = _LineLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError(f"invalid YAML: {exc.problem or exc.context}", where=location(name, line),
                          fix="fix the YAML syntax on that line") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        # a value YAML recognises but cannot build, e.g. the date 2026-02-30
        raise PolicyError(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                          where=name, fix="fix the YAML syntax") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError("file not found", where=str(path), fix="check the path") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PolicyError(f"cannot read file ({exc.__class__.__name__})", where=str(path),
                          fix="make sure it is a readable UTF-8 text file") from None
    return parse_yaml(text, str(path))


def plain(value):
    """YAML LineDicts and lists as plain dicts and lists (spaCy's pattern validators expect them)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class _FrontMatterLoader(_LineLoader):
    """Front matter: dates stay text (postguard parses them and says which one is impossible)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _LineLoader.yaml_implicit_resolvers.items()}
FRONT_MATTER_DEPTH = 8
FRONT_MATTER_NODES = 5_000


def parse_front_matter(text: str, name: str, first_line: int) -> Any:
    """A draft's front matter: no aliases, shallow, small. Errors are ValueError(message, line)."""
    try:
        check_bounds(text, aliases=False, max_depth=FRONT_MATTER_DEPTH, max_nodes=FRONT_MATTER_NODES)
    except YamlTooBig as exc:
        raise FrontMatterError(f"the front matter {exc}", exc.line and exc.line + first_line - 1) from None
    loader = _FrontMatterLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise FrontMatterError(f"invalid YAML front matter: {exc.problem or exc.context}",
                               mark.line + first_line if mark else None) from None
    except PolicyError as exc:  # a duplicate key
        raise FrontMatterError(exc.message, None) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise FrontMatterError(f"invalid front matter value ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})",
                               None) from None
    finally:
        loader.dispose()


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line
