"""The manager report's words, in Chinese and English (one table, so both stay complete)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "title": ("销售训练报告", "Sales training report"),
    "generated": ("生成于 {when}", "Generated {when}"),
    "scope": ("范围", "Scope"),
    "everyone": ("全部学员", "every trainee"),
    "team_file": ("团队文件 {name}", "team file {name}"),
    "trainees_named": ("学员：{names}", "trainees: {names}"),
    "scenario_only": ("场景：{id}", "scenario: {id}"),
    "all_scenarios": ("全部场景", "every scenario"),
    "since": ("自 {date} 起", "from {date}"),
    "until": ("至 {date} 止", "to {date}"),
    "all_dates": ("全部日期", "all dates"),
    "sessions_n": ("{n} 次练习", "{n} sessions"),
    "trainees_n": ("{n} 名学员", "{n} trainees"),
    "nothing": (
        "所选范围内没有练习记录。换一个筛选条件，或先用 salessim records import 导入记录。",
        "No sessions in this scope. Change the filters, or import records first with "
        "'salessim records import'.",
    ),
    "contents": ("目录", "Contents"),
    # sections
    "team": ("团队总览", "Team overview"),
    "team_help": (
        "每位学员在四个维度和总分上的最新、最佳与平均分（0–100），以及通过率和练习次数。"
        "颜色越深越好；红色表示低于 60 分。",
        "Each trainee's latest, best and mean score (0-100) on the four dimensions and overall, "
        "with pass rate and attempts. Darker is better; red is below 60.",
    ),
    "teams": ("团队对比", "Team comparison"),
    "teams_help": (
        "团队文件中各团队的平均分（按练习次数加权）与通过率。",
        "Each team of the team file: mean scores (weighted by sessions) and pass rate.",
    ),
    "teams_none": (
        "要对比团队，请用 --team 给出列有两个及以上团队的文件。",
        "To compare teams, give --team a file with two or more teams.",
    ),
    "funnel": ("买方在哪里停滞", "Where the buyer stalls"),
    "funnel_help": (
        "买方在每次练习中走到的最远阶段（至少到达该阶段的练习数），以及结局。"
        "决策点一栏：尝试推进到该阶段的次数与被挡回的次数。",
        "How far the buyer moved in each session (sessions reaching at least each stage), "
        "and how sessions ended. Decision points: how often the buyer was asked to move into "
        "a stage, and how often it would not.",
    ),
    "mistakes": ("常见失误", "Common mistakes"),
    "mistakes_help": (
        "失分最多的规则（合计失分与涉及的练习数）、禁忌触犯次数，以及各场景中代价最大的选项。",
        "The rules that lost most points (summed, and in how many sessions), how often each "
        "taboo was broken, and the costliest choices in each scenario.",
    ),
    "items": ("选项分析：{title}", "Item analysis: {title}"),
    "items_help": (
        "每个选项被选的次数、在该节点中所占比例，以及选择它的练习平均总分与该节点平均总分之差。"
        "差值越负，这个选项越拖后腿。完整列表见 --csv 导出的 choices.csv。",
        "How often each choice was taken, its share at its node, and the mean overall score of "
        "the sessions that took it minus the node's mean. The more negative, the more it costs. "
        "Every choice is in choices.csv of --csv.",
    ),
    "people": ("学员详情", "Trainees"),
    "trend": ("历次得分", "Scores over attempts"),
    "trend_help": (
        "每人的得分图：横轴为第几次练习（左边最早），纵轴为得分 0–100，虚线为 60 分。",
        "Each trainee's chart: attempts from the oldest (left), score 0-100 up, dotted at 60.",
    ),
    "trend_binned": (
        "（{n} 次练习，每点为连续 {k} 次的平均）",
        "({n} sessions; each point is the mean of {k} in a row)",
    ),
    "strongest": ("最强的规则", "Strongest rules"),
    "weakest": ("最弱的规则", "Weakest rules"),
    "taboos": ("禁忌", "Taboos"),
    "no_taboo": ("没有触犯禁忌。", "No taboo broken."),
    "sessions": ("练习记录", "Sessions"),
    "sessions_shown": (
        "最近 {n} 次附完整复盘；全部 {all} 次见 --csv 导出的 sessions.csv。",
        "The newest {n} with their full debrief; all {all} are in sessions.csv of --csv.",
    ),
    "debrief": ("完整复盘", "Full debrief"),
    "debrief_missing": (
        "无法重建这次的复盘：{why}",
        "This session's debrief cannot be rebuilt: {why}",
    ),
    # columns
    "trainee": ("学员", "Trainee"),
    "team_col": ("团队", "Team"),
    "trainees_col": ("学员数", "Trainees"),
    "attempts": ("次数", "Attempts"),
    "pass_rate": ("通过率", "Pass rate"),
    "last_played": ("最近练习", "Last played"),
    "latest": ("最新", "latest"),
    "best": ("最佳", "best"),
    "mean": ("平均", "mean"),
    "overall": ("总分", "Overall"),
    "stage": ("阶段", "Stage"),
    "reached": ("到达", "Reached"),
    "stopped": ("止步于此", "Got no further"),
    "outcome": ("结局", "Outcome"),
    "count": ("次数", "Sessions"),
    "decision_point": ("决策点（进入）", "Decision point (into)"),
    "tried": ("尝试", "Tried"),
    "blocked": ("被挡回", "Blocked"),
    "rule": ("规则", "Rule"),
    "dimension": ("维度", "Dimension"),
    "lost": ("合计失分", "Points lost"),
    "lost_in": ("涉及练习", "Sessions"),
    "share": ("得分率", "Share of points"),
    "judged": ("评估次数", "Judged"),
    "broken": ("触犯次数", "Times broken"),
    "node": ("节点", "Node"),
    "choice": ("选项", "Choice"),
    "move": ("动作", "Move"),
    "taken": ("被选", "Taken"),
    "at_node": ("占比", "Share at node"),
    "mean_overall": ("平均总分", "Mean overall"),
    "effect": ("与节点平均之差", "Against node mean"),
    "started": ("开始时间", "Started"),
    "scenario": ("场景", "Scenario"),
    "language": ("语言", "Language"),
    "result": ("结果", "Result"),
    "passed": ("通过", "pass"),
    "failed": ("未通过", "fail"),
    "abandoned": ("中途退出", "abandoned"),
    "sessions_col": ("练习", "Sessions"),
    "session_id": ("练习编号", "Session id"),
    "no_name": ("（未署名）", "(no name)"),
    "funnel_chart": ("至少到达该阶段的练习数", "Sessions reaching at least this stage"),
    "costly_chart": ("失分最多的规则（合计失分）", "Rules that lost most points (summed)"),
    "teams_chart": ("各团队平均分", "Mean score by team"),
}


def w(key: str, lang: str, **values: object) -> str:
    """The report's word for ``key`` in ``lang`` (zh or en), with ``values`` filled in."""
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
