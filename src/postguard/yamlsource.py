"""YAML loading that remembers line numbers, so every config error can name its line."""
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


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text; a syntax error becomes a one-line PolicyError naming file and line."""
    loader = _LineLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError(f"invalid YAML: {exc.problem or exc.context}", where=location(name, line),
                          fix="fix the YAML syntax on that line") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"invalid YAML: {exc}", where=name, fix="fix the YAML syntax") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError("file not found", where=str(path), fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
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
