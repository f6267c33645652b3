"""Read YAML while remembering the line of every key and list item.

PyYAML forgets where things were once it builds dicts, and it silently keeps
the last of two duplicate keys. Teachers need "line 12: key 'minutes'", so this
SafeLoader subclass builds dicts/lists that carry their source lines, and it
records duplicate keys as problems instead of hiding them.
"""
from __future__ import annotations

import yaml


class LineDict(dict):
    """A dict that knows its own line and the line of each of its keys."""

    line = 1
    key_lines: dict


class LineList(list):
    """A list that knows its own line and the line of each item."""

    line = 1
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.problems: list[tuple[int, str, str]] = []  # (line, key, message)


def _construct_map(loader: _LineLoader, node):
    loader.flatten_mapping(node)
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            loader.problems.append((line, str(key), "a key must be a plain word"))
            continue
        if key in data:
            first = data.key_lines[key]
            loader.problems.append((line, str(key), f"duplicate key (first given on line {first})"))
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = line
    return data


def _construct_seq(loader: _LineLoader, node):
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load_yaml(text: str):
    """Parse text; return (data, problems) where problems are (line, key, message).

    A syntax error becomes a problem at its line, never an exception, so that
    one bad file does not hide the problems in the others.
    """
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, [(line, "(yaml)", f"not valid YAML: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [(None, "(yaml)", f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    return data, loader.problems


def plain(data):
    """Copy LineDict/LineList into ordinary dicts/lists for pydantic."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


def line_of(data, loc) -> int | None:
    """The line of the deepest part of `loc` (a key/index path) found in data.

    A missing key has no line of its own, so the line of the mapping that
    should hold it is the best place to send the author.
    """
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def key_name(loc) -> str:
    """Format a loc tuple as `steps[2].items[0].answer`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"
