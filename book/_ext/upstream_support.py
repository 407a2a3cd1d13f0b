"""Support resources in the book, from the one data file (loaded from _config.yml).

Every crisis number the book shows is written once, in
``src/upstream/data/support_resources.yml``. This extension puts it on the pages:

- MyST substitutions: a page writes ``{{ support.nhth.call }}`` and gets a ``tel:``
  link with the current number (``.text``, ``.chat``, ``.web``, ``.tty``, ``.all``,
  ``.name``, ``.hours``, ``.who``, ``.young`` too), see :func:`upstream.course.support.substitutions`;
- the ``support-resources`` directive: ``:::{support-resources} child`` renders every
  resource of one group of the data file (how to reach it, hours, who may use it,
  what it does, and a short note with its sources) under the page's own heading.

``tel:`` and ``sms:`` links need ``myst_url_schemes`` to include them (_config.yml).
"""

from __future__ import annotations

from importlib.resources import files

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from upstream.course.support import load_support, resource_markdown, substitutions


class SupportResources(SphinxDirective):
    """Render one group of support resources from the data file."""

    required_arguments = 1
    has_content = False
    option_spec = {}

    def run(self):
        data = load_support()
        # rebuild the page when the data file changes
        self.env.note_dependency(str(files("upstream.data").joinpath("support_resources.yml")))
        gid = self.arguments[0]
        try:
            group = data.group(gid)
        except KeyError as err:
            raise self.error(str(err.args[0])) from None
        # myst attaches nested sections (each resource's heading) to the page's current
        # section as it parses them, so body text returned by this directive would land
        # after them: parse the intro into that section first, in order.
        parent = self.state._renderer.current_node  # the page section holding the directive
        if group.intro:
            intro = nodes.container(classes=["support-intro"])
            self.state.nested_parse(StringList([group.intro]), self.content_offset, intro)
            parent += intro
        out: list[nodes.Node] = []
        for rid in group.resources:
            holder = nodes.Element()
            text = resource_markdown(data.resource(rid), heading="###")
            self.state.nested_parse(StringList(text.splitlines()), self.content_offset, holder, match_titles=True)
            out.extend(holder.children)
        return out


def _add_substitutions(app, config) -> None:
    subs = dict(getattr(config, "myst_substitutions", None) or {})
    subs.update(substitutions())
    config.myst_substitutions = subs


def setup(app):
    app.connect("config-inited", _add_substitutions, priority=400)
    app.add_directive("support-resources", SupportResources)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
