"""The report's own words (headings, captions, column names), by key.

Labels of things come from the graph; only the words of the report itself live here, in English
(marked with ``N_`` for ``make messages``); their translations are in the site's message
catalogues (``aspen_graph/locale/<lang>/LC_MESSAGES/messages.po``), English filling any gap.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from aspen_graph.i18n import N_, interface_languages, translations

LANGUAGES = interface_languages()
"""The report's languages: those of the catalogues found (and English)."""

_EN: dict[str, str] = {
    "title": N_("ASPEN coverage and gap report"),
    "subtitle": N_(
        "Plan {plan}: which relevant SDG and GBF targets it reaches, and which it does not"
    ),
    "contents": N_("Contents"),
    "how_to_read": N_("How to read this report"),
    "how_to_read_text": N_(
        "A target is reached when some element of the plan (goal, priority, focal area,"
        " intervention) has an alignment to it with a positive interaction that is not rejected."
        " Every number and table comes from a named query of the catalogue; each one names its"
        " query, which the API serves at the path shown."
    ),
    "fallback_legend": N_("marks English text, shown where the graph has no Vietnamese text yet."),
    "fallback_title": N_("English: the graph has no text in the language asked for yet"),
    "query": N_("Query"),
    "csv_note": N_("CSV files: one per table, named after the table, UTF-8."),
    "no_rows": N_("None."),
    "chart_scrolls": N_("wider than a small screen: scroll it sideways"),
    # sections
    "s_summary": N_("Coverage by challenge"),
    "s_summary_intro": N_(
        "For each global challenge: the SDG and GBF targets tagged as relevant to it, how many"
        " of them an element of the plan reaches, and the ratio."
    ),
    "s_elements": N_("Coverage by element"),
    "s_elements_intro": N_(
        "For each goal and priority: how many targets and provisions it reaches with positive"
        " alignments, its strongest interaction and the mean confidence of those alignments."
    ),
    "s_heatmaps": N_("Where the plan meets the SDGs and the GBF"),
    "s_heatmaps_intro": N_(
        "Each row is an element of the plan; each cell counts what that element reaches"
        " directly (positive alignments that are not rejected)."
    ),
    "s_flow": N_("From challenge to SDG"),
    "s_flow_intro": N_(
        "Challenge → strategic goal → priority → SDG goal. A band's width is the number of"
        " targets of the SDG goal that the priority reaches; a priority that serves several"
        " goals appears once under each of them."
    ),
    "s_gaps": N_("Gaps"),
    "s_gaps_intro": N_("What the plan does not reach yet, and where its evidence is weak."),
    "s_tradeoffs": N_("Trade-offs"),
    "s_tradeoffs_intro": N_(
        "Alignments with a negative interaction (constraining, counteracting, cancelling):"
        " where a part of the plan may work against a target."
    ),
    "s_continuity": N_("Continuity with {earlier}"),
    "s_continuity_intro": N_(
        "Where each priority of the earlier plan went in this one, and what the earlier plan"
        " reached that this one does not."
    ),
    "s_continuity_missing": N_(
        "The earlier plan {earlier} is not in the graph; nothing to compare."
    ),
    # tables and figures
    "t_coverage": N_("Relevant and reached targets per challenge"),
    "f_coverage": N_("Reached out of relevant targets per challenge"),
    "f_coverage_alt": N_("Bar chart of reached and relevant targets per challenge: {items}."),
    "t_elements": N_("Targets and provisions reached per element"),
    "f_sdg": N_("Targets reached per SDG goal, by element of the plan"),
    "f_sdg_alt": N_(
        "Heatmap: {rows} elements of the plan by {cols} SDG goals; each cell gives the number"
        " of targets of that SDG goal the element reaches. Highest: {top}."
    ),
    "t_sdg": N_("Data of the SDG heatmap"),
    "f_gbf": N_("Strongest alignment per GBF target, by element of the plan"),
    "f_gbf_alt": N_(
        "Heatmap: {rows} elements of the plan by {cols} GBF targets; each cell gives the"
        " strongest positive interaction score (1 enabling, 2 reinforcing, 3 indivisible, 0 none)."
        " {reached} of the {cols} targets are reached by at least one element."
    ),
    "t_gbf": N_("Data of the GBF heatmap"),
    "f_flow": N_("Flow from challenges through goals and priorities to SDG goals"),
    "f_flow_alt": N_(
        "Flow diagram with four columns: {challenges} challenges, {goals} strategic goals,"
        " {priorities} priorities and {sdgs} SDG goals; bands are as wide as the number of"
        " targets reached."
    ),
    "t_flow": N_("Data of the flow diagram"),
    "t_gaps": N_("Unreached relevant targets: {challenge}"),
    "h_gaps_challenge": N_("Unreached relevant targets"),
    "t_gbf_unreached": N_("GBF targets and goals no element supports"),
    "t_weak": N_("Elements whose evidence is weak (mean confidence below {threshold})"),
    "t_tradeoffs": N_("Trade-offs and their rationale"),
    "t_continuity": N_("Priorities of {earlier} and their successors"),
    "t_lost": N_("Targets {earlier} reached that this plan does not"),
    "filtered": N_("Rows of the query where {condition}."),
    "cond_unreached": N_("reached is false"),
    "cond_weak": N_("mean_confidence < {threshold}"),
    "cond_challenge": N_("challenge = {challenge}"),
    "no_successor": N_("no successor"),
    # columns
    "c_challenge": N_("Challenge"),
    "c_relevant": N_("Relevant"),
    "c_reached": N_("Reached"),
    "c_ratio": N_("Ratio"),
    "c_sdg": N_("SDG reached / relevant"),
    "c_gbf": N_("GBF reached / relevant"),
    "c_sdg_reached": N_("SDG reached"),
    "c_sdg_relevant": N_("SDG relevant"),
    "c_gbf_reached": N_("GBF reached"),
    "c_gbf_relevant": N_("GBF relevant"),
    "c_element": N_("Element"),
    "c_kind": N_("Kind"),
    "c_sdg_targets": N_("SDG targets"),
    "c_gbf_targets": N_("GBF targets"),
    "c_provisions": N_("Provisions"),
    "c_documents": N_("ASEAN documents"),
    "c_alignments": N_("Alignments"),
    "c_strongest": N_("Strongest"),
    "c_mean_confidence": N_("Mean confidence"),
    "c_goal": N_("Strategic goal"),
    "c_priority": N_("Priority"),
    "c_sdg_goal": N_("SDG goal"),
    "c_sdg_code": N_("SDG"),
    "c_targets": N_("Targets reached"),
    "c_framework": N_("Framework"),
    "c_code": N_("Code"),
    "c_text": N_("Official text"),
    "c_component": N_("Component"),
    "c_label": N_("Title"),
    "c_target": N_("Target"),
    "c_score": N_("Score"),
    "c_interaction": N_("Interaction"),
    "c_confidence": N_("Confidence"),
    "c_rationale": N_("Rationale"),
    "c_old": N_("Earlier priority"),
    "c_new": N_("Successor"),
    "c_reached_before_by": N_("Reached before by"),
    # chart words
    "x_targets": N_("targets"),
    "x_sdg": N_("SDG goal"),
    "x_gbf": N_("GBF target"),
    "legend_relevant": N_("relevant"),
    "legend_reached": N_("reached"),
    "score_0": N_("none"),
    "score_1": N_("enabling"),
    "score_2": N_("reinforcing"),
    "score_3": N_("indivisible"),
    "flow_challenge": N_("Challenge"),
    "flow_goal": N_("Strategic goal"),
    "flow_priority": N_("Priority"),
    "flow_sdg": N_("SDG goal"),
    "yes": N_("yes"),
    "no": N_("no"),
    # kinds
    "StrategicGoal": N_("goal"),
    "StrategicPriority": N_("priority"),
    "FocalArea": N_("focal area"),
    "Intervention": N_("intervention"),
}


class Words:
    """The report's words in one language (English fills any gap).

    >>> Words("vi")("s_gaps")
    'Khoảng trống'
    >>> Words("vi").number("0.545", digits=2), Words("en").percent("0.6666")
    ('0,55', '67%')
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._gettext = translations(lang).gettext

    def __call__(self, key: str, **values: object) -> str:
        text = self._gettext(_EN[key])
        return text.format(**values) if values else text

    def number(self, lexical: str, *, digits: int = 2) -> str:
        """A decimal rounded for reading, with the language's decimal mark."""
        try:
            value = Decimal(lexical)
        except InvalidOperation:
            return lexical
        text = f"{value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
        return text.replace(".", ",") if self.lang == "vi" else text

    def percent(self, lexical: str) -> str:
        """A ratio (0…1) as a whole percentage."""
        try:
            value = Decimal(lexical) * 100
        except InvalidOperation:
            return lexical
        return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):f}%"


__all__ = ["LANGUAGES", "Words"]
