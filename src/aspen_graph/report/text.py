"""The report's own words (headings, captions, column names) in English and Vietnamese.

Labels of things come from the graph; only the words of the report itself live here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

LANGUAGES = ("en", "vi")

_EN: dict[str, str] = {
    "title": "ASPEN coverage and gap report",
    "subtitle": "Plan {plan}: which relevant SDG and GBF targets it reaches, and which it does not",
    "contents": "Contents",
    "how_to_read": "How to read this report",
    "how_to_read_text": (
        "A target is reached when some element of the plan (goal, priority, focal area,"
        " intervention) has an alignment to it with a positive interaction that is not rejected."
        " Every number and table comes from a named query of the catalogue; each one names its"
        " query, which the API serves at the path shown."
    ),
    "fallback_legend": "marks English text, shown where the graph has no Vietnamese text yet.",
    "fallback_title": "English: the graph has no text in the language asked for yet",
    "query": "Query",
    "csv_note": "CSV files: one per table, named after the table, UTF-8.",
    "no_rows": "None.",
    # sections
    "s_summary": "Coverage by challenge",
    "s_summary_intro": (
        "For each global challenge: the SDG and GBF targets tagged as relevant to it, how many"
        " of them an element of the plan reaches, and the ratio."
    ),
    "s_elements": "Coverage by element",
    "s_elements_intro": (
        "For each goal and priority: how many targets and provisions it reaches with positive"
        " alignments, its strongest interaction and the mean confidence of those alignments."
    ),
    "s_heatmaps": "Where the plan meets the SDGs and the GBF",
    "s_heatmaps_intro": (
        "Each row is an element of the plan; each cell counts what that element reaches"
        " directly (positive alignments that are not rejected)."
    ),
    "s_flow": "From challenge to SDG",
    "s_flow_intro": (
        "Challenge → strategic goal → priority → SDG goal. A band's width is the number of"
        " targets of the SDG goal that the priority reaches; a priority that serves several"
        " goals appears once under each of them."
    ),
    "s_gaps": "Gaps",
    "s_gaps_intro": "What the plan does not reach yet, and where its evidence is weak.",
    "s_tradeoffs": "Trade-offs",
    "s_tradeoffs_intro": (
        "Alignments with a negative interaction (constraining, counteracting, cancelling):"
        " where a part of the plan may work against a target."
    ),
    "s_continuity": "Continuity with {earlier}",
    "s_continuity_intro": (
        "Where each priority of the earlier plan went in this one, and what the earlier plan"
        " reached that this one does not."
    ),
    "s_continuity_missing": "The earlier plan {earlier} is not in the graph; nothing to compare.",
    # tables and figures
    "t_coverage": "Relevant and reached targets per challenge",
    "f_coverage": "Reached out of relevant targets per challenge",
    "f_coverage_alt": "Bar chart of reached and relevant targets per challenge: {items}.",
    "t_elements": "Targets and provisions reached per element",
    "f_sdg": "Targets reached per SDG goal, by element of the plan",
    "f_sdg_alt": (
        "Heatmap: {rows} elements of the plan by {cols} SDG goals; each cell gives the number"
        " of targets of that SDG goal the element reaches. Highest: {top}."
    ),
    "t_sdg": "Data of the SDG heatmap",
    "f_gbf": "Strongest alignment per GBF target, by element of the plan",
    "f_gbf_alt": (
        "Heatmap: {rows} elements of the plan by {cols} GBF targets; each cell gives the"
        " strongest positive interaction score (1 enabling, 2 reinforcing, 3 indivisible, 0 none)."
        " {reached} of the {cols} targets are reached by at least one element."
    ),
    "t_gbf": "Data of the GBF heatmap",
    "f_flow": "Flow from challenges through goals and priorities to SDG goals",
    "f_flow_alt": (
        "Flow diagram with four columns: {challenges} challenges, {goals} strategic goals,"
        " {priorities} priorities and {sdgs} SDG goals; bands are as wide as the number of"
        " targets reached."
    ),
    "t_flow": "Data of the flow diagram",
    "t_gaps": "Unreached relevant targets: {challenge}",
    "h_gaps_challenge": "Unreached relevant targets",
    "t_gbf_unreached": "GBF targets and goals no element supports",
    "t_weak": "Elements whose evidence is weak (mean confidence below {threshold})",
    "t_tradeoffs": "Trade-offs and their rationale",
    "t_continuity": "Priorities of {earlier} and their successors",
    "t_lost": "Targets {earlier} reached that this plan does not",
    "filtered": "Rows of the query where {condition}.",
    "cond_unreached": "reached is false",
    "cond_weak": "mean_confidence < {threshold}",
    "cond_challenge": "challenge = {challenge}",
    "no_successor": "no successor",
    # columns
    "c_challenge": "Challenge",
    "c_relevant": "Relevant",
    "c_reached": "Reached",
    "c_ratio": "Ratio",
    "c_sdg": "SDG reached / relevant",
    "c_gbf": "GBF reached / relevant",
    "c_sdg_reached": "SDG reached",
    "c_sdg_relevant": "SDG relevant",
    "c_gbf_reached": "GBF reached",
    "c_gbf_relevant": "GBF relevant",
    "c_element": "Element",
    "c_kind": "Kind",
    "c_sdg_targets": "SDG targets",
    "c_gbf_targets": "GBF targets",
    "c_provisions": "Provisions",
    "c_documents": "ASEAN documents",
    "c_alignments": "Alignments",
    "c_strongest": "Strongest",
    "c_mean_confidence": "Mean confidence",
    "c_goal": "Strategic goal",
    "c_priority": "Priority",
    "c_sdg_goal": "SDG goal",
    "c_sdg_code": "SDG",
    "c_targets": "Targets reached",
    "c_framework": "Framework",
    "c_code": "Code",
    "c_text": "Official text",
    "c_component": "Component",
    "c_label": "Title",
    "c_target": "Target",
    "c_score": "Score",
    "c_interaction": "Interaction",
    "c_confidence": "Confidence",
    "c_rationale": "Rationale",
    "c_old": "Earlier priority",
    "c_new": "Successor",
    "c_reached_before_by": "Reached before by",
    # chart words
    "x_targets": "targets",
    "x_sdg": "SDG goal",
    "x_gbf": "GBF target",
    "legend_relevant": "relevant",
    "legend_reached": "reached",
    "score_0": "none",
    "score_1": "enabling",
    "score_2": "reinforcing",
    "score_3": "indivisible",
    "flow_challenge": "Challenge",
    "flow_goal": "Strategic goal",
    "flow_priority": "Priority",
    "flow_sdg": "SDG goal",
    "yes": "yes",
    "no": "no",
    # kinds
    "StrategicGoal": "goal",
    "StrategicPriority": "priority",
    "FocalArea": "focal area",
    "Intervention": "intervention",
}

_VI: dict[str, str] = {
    "title": "Báo cáo mức độ bao phủ và khoảng trống của ASPEN",
    "subtitle": (
        "Kế hoạch {plan}: những chỉ tiêu SDG và GBF liên quan nào được đáp ứng, và những chỉ"
        " tiêu nào chưa"
    ),
    "contents": "Mục lục",
    "how_to_read": "Cách đọc báo cáo này",
    "how_to_read_text": (
        "Một chỉ tiêu được coi là đã đáp ứng khi có một thành phần của kế hoạch (mục tiêu, ưu"
        " tiên, lĩnh vực trọng tâm, can thiệp) có liên kết với nó mang tương tác tích cực và"
        " không bị bác bỏ. Mọi con số và bảng đều lấy từ một truy vấn có tên trong danh mục;"
        " mỗi bảng ghi tên truy vấn, được API cung cấp tại đường dẫn ghi kèm."
    ),
    "fallback_legend": (
        "đánh dấu văn bản tiếng Anh, hiển thị khi đồ thị chưa có văn bản tiếng Việt."
    ),
    "fallback_title": "Tiếng Anh: đồ thị chưa có văn bản tiếng Việt",
    "query": "Truy vấn",
    "csv_note": "Tệp CSV: mỗi bảng một tệp, đặt theo tên bảng, mã UTF-8.",
    "no_rows": "Không có.",
    "s_summary": "Mức độ bao phủ theo thách thức",
    "s_summary_intro": (
        "Với mỗi thách thức toàn cầu: các chỉ tiêu SDG và GBF liên quan, số chỉ tiêu được một"
        " thành phần của kế hoạch đáp ứng, và tỷ lệ."
    ),
    "s_elements": "Mức độ bao phủ theo thành phần",
    "s_elements_intro": (
        "Với mỗi mục tiêu và ưu tiên: số chỉ tiêu và điều khoản được đáp ứng bằng liên kết tích"
        " cực, tương tác mạnh nhất và độ tin cậy trung bình của các liên kết đó."
    ),
    "s_heatmaps": "Kế hoạch gặp các SDG và GBF ở đâu",
    "s_heatmaps_intro": (
        "Mỗi hàng là một thành phần của kế hoạch; mỗi ô đếm những gì thành phần đó đáp ứng trực"
        " tiếp (liên kết tích cực, không bị bác bỏ)."
    ),
    "s_flow": "Từ thách thức đến SDG",
    "s_flow_intro": (
        "Thách thức → mục tiêu chiến lược → ưu tiên → mục tiêu SDG. Độ rộng của dải là số chỉ"
        " tiêu của mục tiêu SDG mà ưu tiên đáp ứng; một ưu tiên phục vụ nhiều mục tiêu xuất hiện"
        " dưới mỗi mục tiêu đó."
    ),
    "s_gaps": "Khoảng trống",
    "s_gaps_intro": "Những gì kế hoạch chưa đáp ứng, và nơi bằng chứng còn yếu.",
    "s_tradeoffs": "Đánh đổi",
    "s_tradeoffs_intro": (
        "Các liên kết có tương tác tiêu cực (hạn chế, cản trở, triệt tiêu): nơi một phần của kế"
        " hoạch có thể đi ngược một chỉ tiêu."
    ),
    "s_continuity": "Tính kế thừa so với {earlier}",
    "s_continuity_intro": (
        "Mỗi ưu tiên của kế hoạch trước được chuyển vào đâu trong kế hoạch này, và những gì kế"
        " hoạch trước đáp ứng mà kế hoạch này không."
    ),
    "s_continuity_missing": (
        "Kế hoạch trước {earlier} không có trong đồ thị; không có gì để so sánh."
    ),
    "t_coverage": "Chỉ tiêu liên quan và đã đáp ứng theo thách thức",
    "f_coverage": "Số chỉ tiêu đã đáp ứng trên số chỉ tiêu liên quan, theo thách thức",
    "f_coverage_alt": (
        "Biểu đồ cột về số chỉ tiêu đã đáp ứng và liên quan theo thách thức: {items}."
    ),
    "t_elements": "Chỉ tiêu và điều khoản được đáp ứng theo thành phần",
    "f_sdg": "Số chỉ tiêu được đáp ứng theo mục tiêu SDG, cho từng thành phần của kế hoạch",
    "f_sdg_alt": (
        "Bản đồ nhiệt: {rows} thành phần của kế hoạch và {cols} mục tiêu SDG; mỗi ô là số chỉ"
        " tiêu của mục tiêu SDG mà thành phần đó đáp ứng. Cao nhất: {top}."
    ),
    "t_sdg": "Dữ liệu của bản đồ nhiệt SDG",
    "f_gbf": "Liên kết mạnh nhất với từng chỉ tiêu GBF, cho từng thành phần của kế hoạch",
    "f_gbf_alt": (
        "Bản đồ nhiệt: {rows} thành phần của kế hoạch và {cols} chỉ tiêu GBF; mỗi ô là điểm"
        " tương tác tích cực mạnh nhất (1 tạo điều kiện, 2 củng cố, 3 không thể tách rời, 0"
        " không có). {reached} trên {cols} chỉ tiêu được ít nhất một thành phần đáp ứng."
    ),
    "t_gbf": "Dữ liệu của bản đồ nhiệt GBF",
    "f_flow": "Dòng chảy từ thách thức qua mục tiêu và ưu tiên đến mục tiêu SDG",
    "f_flow_alt": (
        "Sơ đồ dòng chảy bốn cột: {challenges} thách thức, {goals} mục tiêu chiến lược,"
        " {priorities} ưu tiên và {sdgs} mục tiêu SDG; độ rộng dải bằng số chỉ tiêu được đáp ứng."
    ),
    "t_flow": "Dữ liệu của sơ đồ dòng chảy",
    "t_gaps": "Chỉ tiêu liên quan chưa được đáp ứng: {challenge}",
    "h_gaps_challenge": "Chỉ tiêu liên quan chưa được đáp ứng",
    "t_gbf_unreached": "Chỉ tiêu và mục tiêu GBF chưa có thành phần nào hỗ trợ",
    "t_weak": "Thành phần có bằng chứng yếu (độ tin cậy trung bình dưới {threshold})",
    "t_tradeoffs": "Các đánh đổi và lý do",
    "t_continuity": "Các ưu tiên của {earlier} và nơi kế thừa",
    "t_lost": "Chỉ tiêu {earlier} đã đáp ứng mà kế hoạch này không",
    "filtered": "Các hàng của truy vấn có {condition}.",
    "cond_unreached": "reached là false",
    "cond_weak": "mean_confidence < {threshold}",
    "cond_challenge": "challenge = {challenge}",
    "no_successor": "không có kế thừa",
    "c_challenge": "Thách thức",
    "c_relevant": "Liên quan",
    "c_reached": "Đã đáp ứng",
    "c_ratio": "Tỷ lệ",
    "c_sdg": "SDG đáp ứng / liên quan",
    "c_gbf": "GBF đáp ứng / liên quan",
    "c_sdg_reached": "SDG đã đáp ứng",
    "c_sdg_relevant": "SDG liên quan",
    "c_gbf_reached": "GBF đã đáp ứng",
    "c_gbf_relevant": "GBF liên quan",
    "c_element": "Thành phần",
    "c_kind": "Loại",
    "c_sdg_targets": "Chỉ tiêu SDG",
    "c_gbf_targets": "Chỉ tiêu GBF",
    "c_provisions": "Điều khoản",
    "c_documents": "Văn kiện ASEAN",
    "c_alignments": "Liên kết",
    "c_strongest": "Mạnh nhất",
    "c_mean_confidence": "Độ tin cậy trung bình",
    "c_goal": "Mục tiêu chiến lược",
    "c_priority": "Ưu tiên",
    "c_sdg_goal": "Mục tiêu SDG",
    "c_sdg_code": "SDG",
    "c_targets": "Số chỉ tiêu đáp ứng",
    "c_framework": "Khung",
    "c_code": "Mã",
    "c_text": "Văn bản chính thức",
    "c_component": "Thành phần khung",
    "c_label": "Tiêu đề",
    "c_target": "Chỉ tiêu",
    "c_score": "Điểm",
    "c_interaction": "Tương tác",
    "c_confidence": "Độ tin cậy",
    "c_rationale": "Lý do",
    "c_old": "Ưu tiên trước đây",
    "c_new": "Kế thừa bởi",
    "c_reached_before_by": "Trước đây được đáp ứng bởi",
    "x_targets": "chỉ tiêu",
    "x_sdg": "Mục tiêu SDG",
    "x_gbf": "Chỉ tiêu GBF",
    "legend_relevant": "liên quan",
    "legend_reached": "đã đáp ứng",
    "score_0": "không có",
    "score_1": "tạo điều kiện",
    "score_2": "củng cố",
    "score_3": "không thể tách rời",
    "flow_challenge": "Thách thức",
    "flow_goal": "Mục tiêu chiến lược",
    "flow_priority": "Ưu tiên",
    "flow_sdg": "Mục tiêu SDG",
    "yes": "có",
    "no": "không",
    "StrategicGoal": "mục tiêu",
    "StrategicPriority": "ưu tiên",
    "FocalArea": "lĩnh vực trọng tâm",
    "Intervention": "can thiệp",
}

_TEXTS = {"en": _EN, "vi": _VI}


class Words:
    """The report's words in one language (English fills any gap).

    >>> Words("vi")("s_gaps")
    'Khoảng trống'
    >>> Words("vi").number("0.545", digits=2), Words("en").percent("0.6666")
    ('0,55', '67%')
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._texts = _TEXTS.get(lang, _EN)

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts.get(key) or _EN[key]
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
