"""Every figure of a ``reproduce --fast`` run: labelled axes (with units where the quantity has
one), a caption, and the PDF beside the PNG and SVG."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Quantities that have a unit: their axis label must name it in parentheses or brackets.
HAS_UNIT = re.compile(r"\b(time|price|cost|capex|production|duration|delay|bandwidth|memory|"
                      r"horizon|lag|years)\b", re.I)
UNIT = re.compile(r"\(.+\)|\[.+\]")


def _problems(name: str, axes: list[dict]) -> list[str]:
    bad = []
    for i, ax in enumerate(axes):
        if not ax["on"]:
            continue
        where = f"{name} axes[{i}] ({ax['title'][:40]!r})"
        if ax["colorbar"]:
            lab = ax["ylabel"] if ax["orientation"] == "vertical" else ax["xlabel"]
            if not lab:
                bad.append(f"{where}: colorbar without a label")
            continue
        for k, twins in (("xlabel", ax["twin_xlabels"]), ("ylabel", ax["twin_ylabels"])):
            lab = ax[k] or next((t for t in twins if t), "")
            if not lab:
                bad.append(f"{where}: empty {k}")
            elif HAS_UNIT.search(lab) and not UNIT.search(lab) and lab.lower() != "year":
                bad.append(f"{where}: {k} {lab!r} names a quantity with a unit but no unit")
    return bad


def test_unit_rule_bites():
    ok = {"xlabel": "year", "ylabel": "price ($/GB)", "on": True, "colorbar": False,
          "orientation": "", "twin_xlabels": [], "twin_ylabels": [], "title": ""}
    assert _problems("f", [ok]) == []
    assert _problems("f", [ok | {"ylabel": ""}]) == ["f axes[0] (''): empty ylabel"]
    assert "no unit" in _problems("f", [ok | {"xlabel": "crossing time"}])[0]
    assert _problems("f", [ok | {"ylabel": "", "twin_ylabels": ["R0"]}]) == []


def test_every_axis_is_labelled_with_units(fast_report):
    figs = fast_report.figure_axes
    assert len(figs) == sum(a.kind == "figure" for a in fast_report.artifacts) > 20
    bad = [p for name, axes in sorted(figs.items()) for p in _problems(name, axes)]
    assert not bad, "\n".join(bad)


def test_no_title_needs_automatic_placement(fast_report):
    """The style places titles once (rc axes.titley = 1.0, endodec.plots.style): that holds
    only while no figure has top ticks or a y offset text under its title."""
    bad = [f"{name} axes[{i}] ({ax['title'][:40]!r})"
           for name, axes in sorted(fast_report.figure_axes.items())
           for i, ax in enumerate(axes) if not ax["title_clear"]]
    assert not bad, "titles that matplotlib would have moved: " + ", ".join(bad)


def test_title_rule_bites(title_rule):
    from endodec.plots.style import new_figure, pyplot, styled

    @styled
    def draw(top: bool, offset: bool, loc: str = "center"):
        fig, ax = new_figure()
        ax.plot([0, 1], [1e9, 1e9 + 1e3] if offset else [0, 1])
        ax.set_title("a title over the offset text", loc=loc)
        if top:
            ax.xaxis.tick_top()
        fig.canvas.draw()
        return fig

    plt = pyplot()
    # plain; top ticks; a y offset text ("1e9") beside a centred title / under a left title
    for args, clear in (((False, False), True), ((True, False), False),
                        ((False, True), True), ((False, True, "left"), False)):
        fig = draw(*args)
        assert title_rule(fig.axes[0], fig.canvas.get_renderer()) is clear, args
        plt.close(fig)


class _Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.captions, self._fig, self._in = {}, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self._fig = dict(attrs).get("id")
        elif tag == "figcaption" and self._fig:
            self._in = True
            self.captions[self._fig] = ""
        elif tag == "div":  # the provenance line after the caption text
            self._in = False

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.captions[self._fig] += data


def test_every_artifact_has_a_caption_and_every_figure_a_pdf(fast_report):
    out = fast_report.out
    p = _Figures()
    p.feed((out / "report.html").read_text(encoding="utf-8"))
    for art in fast_report.artifacts:
        assert art.caption.strip(), art.name
        if art.kind == "figure":
            assert p.captions.get(art.name, "").strip() == art.caption.strip(), art.name
            assert f"figures/{art.name}.pdf" in art.files
            assert (out / "figures" / f"{art.name}.pdf").read_bytes().startswith(b"%PDF")
