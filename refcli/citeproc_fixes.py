"""Two rules of CSL 1.0.2 that citeproc-py 0.11 does not keep, kept for it.

1. A variable printed in place of a missing author is not printed again. CSL 1.0.2 (``cs:substitute``): "Substituted variables are considered empty for the remainder
of the rendering of the item" — a work without author is listed by its title, and the title
is not repeated after it. citeproc-py 0.11 represses only a substitute's *direct* variable
(``<text variable="title"/>``); styles substitute through macros (Chicago's
``<text macro="title-and-descriptions-short"/>``, GOST's), so an authorless work came out
``XX Congress ... Stenographic Report. XX Congress ... Stenographic Report. Vol. 1 ...``.

   ``install()`` makes citeproc-py record which variables the substituting child really
   printed (through any macro, choose or group) and represses those for the rest of the item.
2. ``cs:label`` "must be used selectively … only rendered if the selected variable is
   non-empty" (CSL 1.0.2, Label). citeproc-py printed the term of an empty variable, so the
   Chicago entry of a newspaper issue ended in "Edition" (``<text variable="edition"/>
   <label variable="edition"/>`` with no edition).

``install()`` wraps three methods of citeproc-py's model and is idempotent; refcli calls it
before rendering with citeproc-py. It also finds a macro by name once per style instead of
by an XPath search of the whole style at every use (half of citeproc-py's time on Chicago's
240 KB style; measured with bench/bench_export.py).
"""

from __future__ import annotations

from typing import Any

_MARK = "_refcli_substitute_repression"


def install() -> None:
    """Make citeproc-py repress every variable a ``cs:substitute`` printed, and print no
    label of an empty variable (idempotent)."""
    from citeproc import model
    from citeproc.source import VariableError

    if getattr(model.Substitute, _MARK, False):
        return
    variable = model.Text._variable

    def _variable(self: Any, item: Any, context: Any) -> Any:
        text = variable(self, item, context)
        recording = getattr(context.get_layout(), "_refcli_recording", None)
        if recording is not None and text:
            recording.append((self.tag, self.get("variable")))
        return text

    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        layout = context.get_layout()
        outer = getattr(layout, "_refcli_recording", None)
        text = None
        for child in self.getchildren():
            layout._refcli_recording = recorded = []
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                text = None
                continue
            finally:
                layout._refcli_recording = outer
            if text:
                self.add_to_repressed_list(child, context)
                for tag, name in recorded:
                    layout.repressed.setdefault(tag, []).append(name)
                if outer is not None:
                    outer.extend(recorded)
                break
        return text

    label_process = model.Label.process

    def process(self: Any, item: Any, variable: Any = None, plural: Any = None,
                context: Any = None, **kwargs: Any) -> Any:
        name = self.get("variable") if variable is None else variable
        if name == "locator":
            if not item.has_locator:
                return None
        elif name:
            try:
                value = item.reference[name.replace("-", "_")]
            except VariableError:
                return None
            if not value and value != 0:
                return None
        return label_process(self, item, variable=variable, plural=plural, context=context, **kwargs)

    macros: dict[tuple[int, str], tuple[Any, Any]] = {}
    get_macro = model.CitationStylesElement.get_macro

    def cached_macro(self: Any, name: str) -> Any:
        root = self.get_root()
        found = macros.get((id(root), name))
        if found is None or found[0] is not root:  # the style itself is kept, so ids are not reused
            found = macros[(id(root), name)] = (root, get_macro(self, name))
        return found[1]

    model.CitationStylesElement.get_macro = cached_macro
    model.Text._variable = _variable
    model.Substitute.render = render
    model.Label.process = process
    setattr(model.Substitute, _MARK, True)
