"""Product words shown to trainees, in Chinese and English: stages, roles, moves, outcomes.

Kept in one table so the terminal, the game and the debrief call things by the same names,
the Chinese ones being those trainees know from the course (发现问题, 决策点, 内线 ...).
"""

from __future__ import annotations

from game.record import SessionStarted

STAGES: dict[str, dict[str, str]] = {
    "discover": {"zh": "发现问题", "en": "Discover the problem"},
    "analyze": {"zh": "分析问题", "en": "Analyse the problem"},
    "prioritize": {"zh": "建立优先顺序", "en": "Set priorities"},
    "evaluate_solutions": {"zh": "评估解决方案", "en": "Evaluate solutions"},
    "evaluate_vendors": {"zh": "评估卖方", "en": "Evaluate vendors"},
    "select": {"zh": "选择卖方", "en": "Select a vendor"},
    "decided": {"zh": "已决策", "en": "Decided"},
}

ROLES: dict[str, dict[str, str]] = {
    "economic_buyer": {"zh": "最高决策者", "en": "Economic buyer"},
    "user": {"zh": "使用者", "en": "User"},
    "technical": {"zh": "技术把关者", "en": "Technical buyer"},
    "coach": {"zh": "内线", "en": "Coach"},
    "gatekeeper": {"zh": "守门人", "en": "Gatekeeper"},
    "influencer": {"zh": "重要建议者", "en": "Influencer"},
}

OUTCOMES: dict[str, dict[str, str]] = {
    "order": {"zh": "签单", "en": "Order"},
    "advance": {"zh": "推进", "en": "Advance"},
    "continuation": {"zh": "原地踏步", "en": "Continuation"},
    "no_sale": {"zh": "未成交", "en": "No sale"},
}

NEEDS: dict[str, dict[str, str]] = {
    "none": {"zh": "未提及", "en": "not raised"},
    "implied": {"zh": "隐含需求", "en": "implied"},
    "explicit": {"zh": "明确需求", "en": "explicit"},
}

FACT_KINDS: dict[str, dict[str, str]] = {
    "budget": {"zh": "预算", "en": "Budget"},
    "timeline": {"zh": "时间表", "en": "Timeline"},
    "decision_process": {"zh": "决策流程", "en": "Decision process"},
    "background": {"zh": "背景", "en": "Background"},
    "competitor": {"zh": "竞争对手", "en": "Competitor"},
    "other": {"zh": "其他", "en": "Other"},
}

UI: dict[str, dict[str, str]] = {
    "meeting": {"zh": "会议", "en": "Meeting"},
    "stage": {"zh": "阶段", "en": "Stage"},
    "gate_blocked": {"zh": "决策点未通过", "en": "Decision point not passed"},
    "gate_passed": {"zh": "通过决策点", "en": "Decision point passed"},
    "still_needed": {"zh": "客户还需要", "en": "What the buyer still needed"},
    "loop_back": {"zh": "回环", "en": "Loop back"},
    "outcome": {"zh": "结果", "en": "Outcome"},
    "buyer_moved": {"zh": "客户推进", "en": "How far the buyer moved"},
    "furthest": {"zh": "最远到达", "en": "Furthest stage"},
    "narrator": {"zh": "旁白", "en": "Narrator"},
    "you": {"zh": "你", "en": "You"},
    "time_up": {"zh": "时间到", "en": "Time is up"},
    "briefing": {"zh": "任务简报", "en": "Briefing"},
    "objectives": {"zh": "学习目标", "en": "Objectives"},
    "known_facts": {"zh": "已知信息", "en": "What you know"},
    "stakeholders": {"zh": "关键人物", "en": "Stakeholders"},
    "record_saved": {"zh": "记录已保存", "en": "Record saved"},
    "ended_early": {"zh": "会议提前结束", "en": "The session ended early"},
    "minutes": {"zh": "（{n}分钟）", "en": " ({n} min)"},
    "notes": {"zh": "笔记", "en": "Notes"},
    "pains": {"zh": "痛点", "en": "Pains"},
    "facts": {"zh": "了解到的信息", "en": "Facts learned"},
    "none_yet": {"zh": "（暂无）", "en": "(none yet)"},
    "type_hint": {
        "zh": "（打字模式：输入你要说的话，回车发送；n 查看笔记。）",
        "en": "(Typing mode: type what you would say and press Enter; n for your notes.)",
    },
    "counted_as": {"zh": "算作", "en": "Counted as"},
    "undo_hint": {
        "zh": "回车继续，输入 u 撤回重说",
        "en": "Enter to go on, u to take it back and rephrase",
    },
    "did_you_mean": {"zh": "你的意思是哪一句？", "en": "Which did you mean?"},
    "none_of_these": {"zh": "都不是——我换个说法", "en": "None of these — let me rephrase"},
    "rephrase": {"zh": "请换个说法再说一次。", "en": "Say it another way."},
    "full_menu": {
        "zh": "还是没对上。请从全部选项中选一句：",
        "en": "Still no match. Pick from all the choices:",
    },
    "ran_out": {
        "zh": "--choices 在第{n}次作答时用完了；请补充数字（这次可选1-{count}）。",
        "en": "--choices ran out at prompt {n}; add more numbers (this prompt offers 1-{count}).",
    },
    "not_a_number": {
        "zh": "第{n}次作答「{raw}」不是数字；请输入1-{count}。",
        "en": "answer '{raw}' at prompt {n} is not a number; give 1-{count}.",
    },
    "out_of_range": {
        "zh": "第{n}次作答的选项{shown}超出范围；请输入1-{count}。",
        "en": "choice {shown} at prompt {n} is out of range; give 1-{count}.",
    },
    "notes_hint": {
        "zh": "输入选项编号作答；输入 n 查看笔记（阶段、痛点、了解到的信息）。",
        "en": "Answer with a choice number; type n for your notes (stage, pains, facts).",
    },
}


def label(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``; unknown keys (custom stages) show as written."""
    entry = table.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def stage_name(stage: str, lang: str, start: SessionStarted | None = None) -> str:
    """What to call a stage: the scenario's own title (carried by the record's
    ``session_started``), else the course's name for it, else its id as written.

    The one resolver: terminal play, the debrief, the game and reports all call this.
    """
    if start is not None:
        title = start.stage_title(stage, lang)
        if title:
            return title
    return label(STAGES, stage, lang)
