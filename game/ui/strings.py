"""The game's own words in Chinese and English (the engine's words live in engine.labels).

Every string a screen shows comes from here, from ``game.engine.labels`` or from the
scenario, so switching the language on the title screen switches everything at once.
"""

from __future__ import annotations

from game.engine.labels import UI as ENGINE_UI
from game.engine.labels import label

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "大客户销售模拟训练", "en": "Key-Account Sales Simulator"},
    "app_subtitle": {
        "zh": "读简报，见客户，推进购买循环，再看复盘",
        "en": "Read the briefing, meet the buyer, move the buying cycle, get your debrief",
    },
    "language": {"zh": "语言", "en": "Language"},
    "lang_zh": {"zh": "中文", "en": "中文"},
    "lang_en": {"zh": "English", "en": "English"},
    "start": {"zh": "开始", "en": "Start"},
    "quit": {"zh": "退出", "en": "Quit"},
    "back": {"zh": "返回", "en": "Back"},
    "progress": {"zh": "我的进步", "en": "My progress"},
    "instead": {"zh": "建议：{advice}", "en": "Instead: {advice}"},
    "trainer_note": {
        "zh": "教练对你这句话的点评：{note}",
        "en": "Trainer's note on what you said: {note}",
    },
    "progress_of": {"zh": "我的进步 · {name}", "en": "My progress · {name}"},
    "progress_no_name": {
        "zh": "还没有名字。点“开始”输入你的名字，练习会记在这个名字下。",
        "en": "No name yet. Press Start and enter your name: your sessions are kept under it.",
    },
    "progress_none": {
        "zh": "“{name}”还没有练习记录。练一个场景，这里就会显示你的进步。",
        "en": "No sessions under “{name}” yet. Play a scenario and your progress shows here.",
    },
    "progress_problem": {
        "zh": "读不到练习记录：{why}",
        "en": "Your records cannot be read: {why}",
    },
    "progress_scenarios": {"zh": "各场景", "en": "By scenario"},
    "progress_row": {
        "zh": "练习{n}次 · 通过{passed}次 · 最佳{best} · 最近{latest}",
        "en": "{n} sessions · {passed} passed · best {best} · latest {latest}",
    },
    "progress_trend": {
        "zh": "最近{n}次练习的得分（虚线：60分）",
        "en": "Scores of your last {n} sessions (dotted: 60)",
    },
    "progress_work_on": {"zh": "接下来练这些", "en": "Work on next"},
    "progress_strong": {"zh": "你做得好的", "en": "Your strengths"},
    "progress_rule": {
        "zh": "{rule}：平均得分率{share}",
        "en": "{rule}: {share} of the points on average",
    },
    "continue": {"zh": "继续", "en": "Continue"},
    "default_scenario": {"zh": "默认场景", "en": "Default scenario"},
    "your_name": {"zh": "你的名字", "en": "Your name"},
    "name_hint": {
        "zh": "名字会写进会话记录，下次自动记住。",
        "en": "Your name goes into the session record and is remembered next time.",
    },
    "name_placeholder": {"zh": "输入名字", "en": "Type your name"},
    "choose_scenario": {"zh": "选择场景", "en": "Choose a scenario"},
    "no_scenarios": {
        "zh": "没有找到场景文件（scenarios/ 文件夹是空的）。",
        "en": "No scenario files found (the scenarios/ folder is empty).",
    },
    "industry": {"zh": "行业", "en": "Industry"},
    "difficulty": {"zh": "难度", "en": "Difficulty"},
    "length": {"zh": "时长", "en": "Length"},
    "languages": {"zh": "语言", "en": "Languages"},
    "minutes": {"zh": "分钟", "en": "min"},
    "meetings_n": {"zh": "{n} 场会议", "en": "{n} meetings"},
    "meeting_1": {"zh": "1 场会议", "en": "1 meeting"},
    "about_minutes": {"zh": "约 {n} 分钟", "en": "about {n} min"},
    "meetings_of": {"zh": "{n} 场会议，每场 {m} 分钟", "en": "{n} meetings of {m} min"},
    "meeting_of": {"zh": "1 场会议，{m} 分钟", "en": "1 meeting of {m} min"},
    "other_industry": {"zh": "其他", "en": "Other"},
    "broken_scenario": {"zh": "文件有问题，无法开始", "en": "Has problems; cannot start"},
    "start_meeting": {"zh": "开始会议", "en": "Start the meeting"},
    "clock": {"zh": "时间", "en": "Clock"},
    "pause_button": {"zh": "暂停（Esc）", "en": "Pause (Esc)"},
    "reload": {"zh": "重新载入（F5）", "en": "Reload (F5)"},
    "choices_hint": {"zh": "按数字键 1–9 直接选择", "en": "Press 1–9 to answer"},
    "continue_hint": {"zh": "继续（空格）", "en": "Continue (Space)"},
    "type_prompt": {
        "zh": "你会怎么说？用自己的话打出来，回车发送。",
        "en": "What would you say? Type it in your own words and press Enter.",
    },
    "type_placeholder": {"zh": "输入你要说的话", "en": "Type what you would say"},
    "send": {"zh": "发送（回车）", "en": "Send (Enter)"},
    "you_typed": {"zh": "你说", "en": "You said"},
    "go_on": {"zh": "就这么说（回车）", "en": "Say it (Enter)"},
    "take_back": {"zh": "撤回重说（退格）", "en": "Take it back (Backspace)"},
    "typing_mode": {"zh": "打字作答", "en": "Type my answers"},
    "to_debrief": {"zh": "查看复盘", "en": "See your debrief"},
    "notes": {"zh": "笔记", "en": "Notes"},
    "facts_learned": {"zh": "已了解的信息", "en": "Facts"},
    "pains": {"zh": "客户痛点", "en": "Pains"},
    "no_pains_yet": {"zh": "还没有发现痛点", "en": "No pains raised yet"},
    "new": {"zh": "新", "en": "new"},
    "history": {"zh": "对话记录", "en": "Conversation"},
    "decision_point": {"zh": "决策点", "en": "Decision point"},
    "now": {"zh": "当前", "en": "now"},
    "paused": {"zh": "已暂停", "en": "Paused"},
    "resume": {"zh": "继续会议", "en": "Resume"},
    "restart": {"zh": "重新开始", "en": "Restart"},
    "main_menu": {"zh": "主菜单", "en": "Main menu"},
    "quit_game": {"zh": "退出游戏", "en": "Quit game"},
    "record_kept": {
        "zh": "离开会议时，记录会保留（状态：中途退出）。",
        "en": "Leaving keeps the record (status: abandoned).",
    },
    "debrief": {"zh": "复盘", "en": "Debrief"},
    "scores": {"zh": "四项得分", "en": "Your four scores"},
    "overall": {"zh": "总分", "en": "Overall"},
    "passed": {"zh": "通过", "en": "Passed"},
    "failed": {"zh": "未通过", "en": "Not passed"},
    "pass_rule": {
        "zh": "通过标准：每项 ≥ {floor}，总分 ≥ {mark}",
        "en": "To pass: every score ≥ {floor}, overall ≥ {mark}",
    },
    "not_assessed": {"zh": "未评估", "en": "not assessed"},
    "moments": {"zh": "失分时刻与建议", "en": "Moments that cost points"},
    "no_moments": {"zh": "没有失分的时刻，做得好！", "en": "No moment cost you points. Well done!"},
    "severe": {"zh": "严重失误：不能通过", "en": "Severe mistake: no pass"},
    "taboo": {"zh": "禁忌", "en": "Taboo"},
    "attempts_here": {"zh": "你在本场景的历次总分：{trail}", "en": "Your attempts here: {trail}"},
    "overall_points": {"zh": "总分 {points}", "en": "{points} overall"},
    "turn_n": {"zh": "第 {n} 轮", "en": "Turn {n}"},
    "path": {"zh": "购买循环路径", "en": "Path through the buying cycle"},
    "blocked": {"zh": "受阻", "en": "blocked"},
    "jumped": {"zh": "跳跃", "en": "jump"},
    "try_again": {"zh": "再试一次", "en": "Try again"},
    "another_scenario": {"zh": "换个场景", "en": "Another scenario"},
    "scores_unavailable": {
        "zh": "评分模块不可用，只显示结果和路径。",
        "en": "Scoring is not available; showing the outcome and path only.",
    },
    "abandoned": {"zh": "中途退出", "en": "Abandoned"},
    "error_title": {"zh": "场景文件有问题", "en": "The scenario has problems"},
    "error_hint": {
        "zh": "修改文件后按 F5 重新载入；按 Esc 或回车返回。",
        "en": "Fix the file and press F5 to reload; Esc or Enter to go back.",
    },
    "error_missing": {"zh": "找不到场景文件：{path}", "en": "No scenario file at {path}"},
    "reloaded": {"zh": "已重新载入场景", "en": "Scenario reloaded"},
    "keys_title": {
        "zh": "回车 确认 · Tab/方向键 切换 · Ctrl+=/Ctrl+− 字号 · Ctrl+H 高对比度",
        "en": "Enter select · Tab/arrows move · Ctrl+= / Ctrl+− text size · Ctrl+H high contrast",
    },
    "high_contrast": {"zh": "高对比度", "en": "High contrast"},
    "keys_briefing": {
        "zh": "回车 开始会议 · PgUp/PgDn 翻阅 · F5 重新载入 · Esc 返回",
        "en": "Enter start · PgUp/PgDn read on · F5 reload · Esc back",
    },
    "keys_typing": {
        "zh": "回车 发送 · 退格 撤回 · 0 都不是 · Tab 切换 · F5 重新载入",
        "en": "Enter send · Backspace take back · 0 none of these · Tab move · F5 reload",
    },
    "keys_meeting": {
        "zh": "1–9 选择 · 空格 继续 · Tab/方向键 切换 · 回车 确认 · "
        "F5 重新载入（Shift+F5 从本次会议开始）",
        "en": "1–9 answer · Space continue · Tab/arrows move · Enter select · "
        "F5 reload (Shift+F5: this meeting)",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """The game's word for ``key`` (or the engine's), with ``{name}`` filled from ``values``."""
    table = TEXTS if key in TEXTS else ENGINE_UI
    text = label(table, key, lang)
    return text.format(**values) if values else text
