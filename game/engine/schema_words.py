"""What each key of the scenario format means, in English and Chinese, for the JSON Schema.

An editor with the YAML language server shows these when a trainer types or hovers a key, so
completion offers "says: what the buyer side says …" instead of a bare name. Keyed by the
schema's definition ("root" for the top level) and the key; ``json_schema`` adds every one,
and a test checks that no key of the format is left without its words.
"""

from __future__ import annotations

#: (definition, key) -> (English, Chinese)
WORDS: dict[tuple[str, str], tuple[str, str]] = {
    # the top level
    ("root", "format"): ("The format version: always 1.", "格式版本：固定为 1。"),
    ("root", "id"): (
        "The scenario's id: a-z, 0-9, '_' and '-', unique across your scenario folders.",
        "场景 id：只用 a-z、0-9、'_' 和 '-'，在所有场景文件夹中唯一。",
    ),
    ("root", "version"): (
        "Your own version of the scenario, e.g. '1.2'.",
        "场景自己的版本号，如 '1.2'。",
    ),
    ("root", "language"): (
        "The language the scenario is written in first (zh or en); missing texts fall back to it.",
        "场景的主要语言（zh 或 en）；缺少的文本用它代替。",
    ),
    ("root", "title"): (
        "The scenario's title, shown in the picker.",
        "场景标题，显示在选择列表中。",
    ),
    ("root", "summary"): (
        "One or two sentences for the picker's card.",
        "选择列表卡片上的一两句简介。",
    ),
    ("root", "industry"): (
        "The customer's industry, for grouping in the picker.",
        "客户所在行业，用于分组。",
    ),
    ("root", "difficulty"): (
        "Difficulty from 1 (easy) to 5 (hard).",
        "难度，1（容易）到 5（难）。",
    ),
    ("root", "tags"): ("Free words to find the scenario by.", "便于查找场景的标签。"),
    ("root", "aliases"): (
        "Other names trainees type for one thing, per language (e.g. anda: {zh: [安达, 老供应商], "
        "en: [Anda, the current vendor]}): typed answers read them all as one.",
        "学员打字时对同一事物的不同叫法，按语言列出（如 anda: {zh: [安达, 老供应商], en: [Anda, "
        "the current vendor]}）：打字作答时都当作同一个。",
    ),
    ("root", "briefing"): (
        "What the trainee reads before the meeting: the account and the situation.",
        "学员在会议前阅读的简报：客户和情况。",
    ),
    ("root", "objectives"): (
        "The learning objectives shown in the briefing.",
        "简报中显示的学习目标。",
    ),
    ("root", "meeting"): (
        "Defaults for every meeting, e.g. its length in minutes.",
        "每次会议的默认设置，如时长（分钟）。",
    ),
    ("root", "stakeholders"): (
        "The people on the buying side, by id: name, title, buying role.",
        "客户方的人物（按 id）：姓名、职务、购买角色。",
    ),
    ("root", "facts"): (
        "What the trainee can learn (budget, decision process …), by id.",
        "学员可以了解到的信息（预算、决策流程……），按 id。",
    ),
    ("root", "pains"): (
        "The buyer's problems, by id, each with its owner.",
        "客户的痛点（按 id），各有负责人。",
    ),
    ("root", "variables"): (
        "Whole-number variables such as trust, changed by effects.",
        "整数变量，如信任度，由 effects 改变。",
    ),
    ("root", "stages"): (
        "Your own buying-cycle stages, replacing the default six.",
        "自定义的购买循环阶段，替换默认的六个。",
    ),
    ("root", "decision_points"): (
        "The gate out of each stage: {stage: {requires: condition}}.",
        "每个阶段的出口关卡：{阶段: {requires: 条件}}。",
    ),
    ("root", "start"): ("The id of the first node.", "第一个节点的 id。"),
    ("root", "nodes"): ("What the buyer side says, by node id.", "客户方说的话，按节点 id。"),
    ("root", "endings"): (
        "How the scenario can end, by id, each with its outcome.",
        "场景的结局（按 id），各有结果。",
    ),
    ("root", "rubric"): (
        "Changes to the scoring rubric's weights and thresholds for this scenario.",
        "本场景对评分标准权重和阈值的调整。",
    ),
    # people, facts, pains, variables, stages
    ("Stakeholder", "name"): ("The person's name.", "人物姓名。"),
    ("Stakeholder", "title"): ("The person's job title.", "人物职务。"),
    ("Stakeholder", "role"): (
        "Buying role: economic_buyer, user, technical, coach, gatekeeper or influencer.",
        "购买角色：economic_buyer、user、technical、coach、gatekeeper 或 influencer。",
    ),
    ("Stakeholder", "notes"): (
        "What the trainee knows about them, shown in the briefing.",
        "学员对此人的了解，显示在简报中。",
    ),
    ("Stakeholder", "portrait"): (
        "An image file for the avatar, relative to the scenario.",
        "头像图片文件，相对于场景文件。",
    ),
    ("Fact", "text"): ("The fact, as the trainee's notes show it.", "这条信息，显示在学员笔记中。"),
    ("Fact", "kind"): (
        "budget, timeline, decision_process, background, competitor or other.",
        "budget、timeline、decision_process、background、competitor 或 other。",
    ),
    ("Fact", "known"): (
        "true: the trainee knows it from the briefing.",
        "true：学员从简报中已知道。",
    ),
    ("Pain", "text"): ("The problem, in a sentence.", "一句话描述这个问题。"),
    ("Pain", "owner"): ("The stakeholder who has this problem.", "有这个问题的人物。"),
    ("Variable", "initial"): ("The starting value.", "初始值。"),
    ("Variable", "min"): ("The lowest value (effects stop there).", "最小值（效果不会低于它）。"),
    ("Variable", "max"): ("The highest value (effects stop there).", "最大值（效果不会高于它）。"),
    ("Variable", "label"): (
        "How a blocked decision point names it to the trainee, e.g. 'trust in you'.",
        "决策点受阻时向学员说明所用的名称，如“客户对你的信任”。",
    ),
    ("StageSpec", "id"): (
        "The stage's id, used in conditions and loop-backs.",
        "阶段 id，用于条件和回环。",
    ),
    ("StageSpec", "title"): ("The stage's name on screen.", "阶段在屏幕上的名称。"),
    ("DecisionPoint", "requires"): (
        'The condition for the buyer to move on, e.g. "pain.cost == explicit and trust >= 2".',
        '客户前进的条件，如 "pain.cost == explicit and trust >= 2"。',
    ),
    ("DecisionPoint", "hidden"): (
        "true: what the buyer still needed is shown only in the debrief.",
        "true：客户还需要什么只在复盘中显示。",
    ),
    ("MeetingDefaults", "minutes"): (
        "Each meeting's length in minutes.",
        "每次会议的时长（分钟）。",
    ),
    ("Meeting", "title"): ("The meeting's name, e.g. 'First visit'.", "会议名称，如“第一次拜访”。"),
    ("Meeting", "minutes"): ("This meeting's length in minutes.", "本次会议时长（分钟）。"),
    ("Meeting", "present"): ("The stakeholders in the room.", "在场的人物。"),
    # nodes
    ("Node", "speaker"): (
        "Who says it (a stakeholder id); leave it out for narration.",
        "说话人（人物 id）；旁白不写。",
    ),
    ("Node", "says"): (
        "What the buyer side says (or what happens, for narration).",
        "客户方说的话（旁白则写发生了什么）。",
    ),
    ("Node", "reveals"): ("Facts the trainee learns here.", "学员在这里了解到的信息。"),
    ("Node", "pains"): (
        "Pains raised here and their need state: {pain: implied|explicit}.",
        "这里提出的痛点及需求状态：{痛点: implied|explicit}。",
    ),
    ("Node", "cues"): (
        "Pains this line hints at, for the trainee to pick up.",
        "这句话暗示的痛点，等学员抓住。",
    ),
    ("Node", "objection"): (
        "An objection the buyer raises here, by type.",
        "客户在这里提出的异议及其类型。",
    ),
    ("Node", "effects"): ("Changes to variables: {trust: +1}.", "变量的变化：{trust: +1}。"),
    ("Node", "advance"): (
        "true: the buyer moves to the next stage if its gate opens.",
        "true：关卡放行时客户进入下一阶段。",
    ),
    ("Node", "loop_back"): (
        "Send the buyer back to this earlier stage.",
        "让客户回到这个更早的阶段。",
    ),
    ("Node", "meeting"): (
        "A new meeting starts at this node: its title and who is present.",
        "从这个节点开始一次新会议：名称和在场人物。",
    ),
    ("Node", "choices"): ("What the trainee may say next.", "学员接下来可以说的话。"),
    ("Node", "goto"): ("The next node when there are no choices.", "没有选项时的下一个节点。"),
    ("Node", "end"): ("The ending reached after this line.", "这句话之后到达的结局。"),
    ("Objection", "type"): (
        "The kind of objection, e.g. price, competitor, timing.",
        "异议类型，如价格、竞争对手、时机。",
    ),
    # choices
    ("Choice", "id"): (
        "A stable id for the choice (records keep it); optional.",
        "选项的固定 id（记录中保存）；可选。",
    ),
    ("Choice", "say"): ("What the trainee says.", "学员说的话。"),
    ("Choice", "move"): (
        "The selling move: question, verify, acknowledge, present, price, discount, jump, "
        "next_step, close, small_talk or other.",
        "销售动作：question、verify、acknowledge、present、price、discount、jump、next_step、"
        "close、small_talk 或 other。",
    ),
    ("Choice", "spin"): (
        "For a question: situation, problem, implication or need_payoff.",
        "提问的类型：situation、problem、implication 或 need_payoff。",
    ),
    ("Choice", "open"): ("true: an open question.", "true：开放式问题。"),
    ("Choice", "picks_up"): (
        "The pain whose cue this choice picks up.",
        "这个选项抓住了哪个痛点的暗示。",
    ),
    ("Choice", "about"): ("Pains or facts this choice is about.", "这个选项涉及的痛点或信息。"),
    ("Choice", "in_return"): (
        "For a discount: what the buyer gives in return.",
        "让步时客户给出的交换条件。",
    ),
    ("Choice", "next_step"): (
        "For a next step: the action, dated, committed by the buyer.",
        "下一步：行动、是否有日期、客户是否承诺。",
    ),
    ("Choice", "technique"): (
        "A named technique this choice uses, for the debrief.",
        "这个选项用到的技巧名称，用于复盘。",
    ),
    ("Choice", "flags"): (
        "Mistakes this choice makes, e.g. overpromise, attack_competitor.",
        "这个选项犯的错误，如 overpromise、attack_competitor。",
    ),
    ("Choice", "requires"): (
        "A condition: the choice is offered only when it holds.",
        "条件：成立时才提供这个选项。",
    ),
    ("Choice", "once"): ("true: offered only until taken once.", "true：选过一次后不再提供。"),
    ("Choice", "effects"): ("Changes to variables: {trust: +1}.", "变量的变化：{trust: +1}。"),
    ("Choice", "seconds"): (
        "Speaking time, overriding the one computed from the text.",
        "说话时间，覆盖按文本计算的时间。",
    ),
    ("Choice", "goto"): ("The node that comes next.", "接下来的节点。"),
    ("Choice", "end"): ("The ending reached by this choice.", "这个选项到达的结局。"),
    ("Choice", "pass"): ("For a jump: the node if the gate opens.", "跳跃：关卡放行时去的节点。"),
    ("Choice", "fail"): (
        "For a jump: the node if the gate stays shut.",
        "跳跃：关卡不放行时去的节点。",
    ),
    ("Choice", "feedback"): (
        "The trainer's note on this choice, shown in the debrief.",
        "教练对这个选项的点评，显示在复盘中。",
    ),
    ("Choice", "score"): (
        "Points added to dimensions when taken: {listening: 5}.",
        "选中时加到某一项的分数：{listening: 5}。",
    ),
    ("NextStep", "action"): (
        "What is agreed, e.g. 'site survey on Tuesday 10:00'.",
        "约定的事，如“周二 10 点现场勘察”。",
    ),
    ("NextStep", "buyer_commits"): ("true: the buyer commits to it.", "true：客户承诺去做。"),
    ("NextStep", "dated"): ("true: it has a date and time.", "true：有具体日期和时间。"),
    ("NextStep", "who"): ("The stakeholders who take part.", "参与的人物。"),
    # endings
    ("Ending", "outcome"): (
        "order, advance, continuation or no_sale.",
        "order、advance、continuation 或 no_sale。",
    ),
    ("Ending", "says"): ("What happens at the end, as narration.", "结局时发生了什么（旁白）。"),
}


def describe(definition: str, key: str) -> str | None:
    """The key's words as the schema shows them: English, then Chinese."""
    found = WORDS.get((definition, key))
    return None if found is None else f"{found[0]} · {found[1]}"
