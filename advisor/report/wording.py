"""The centre report's words, Chinese and English (the letters' strings files belong to the letters)."""

from __future__ import annotations

from advisor.rules.wording import CITY_NAMES, DOMAIN_NAMES

LANGS = ("zh", "en")
SUPPRESSED = "*"

KIND_NAMES: dict[str, tuple[str, str]] = {
    "residence_permit.apply": ("办理居住证", "Residence permit: apply"),
    "residence_permit.endorse": ("居住证签注/续签", "Residence permit: endorse or renew"),
    "school.compulsory_enrollment": ("义务教育入学", "Compulsory-school enrolment"),
    "school.zhongkao": ("在本地参加中考", "Senior-high entrance exam (zhongkao) here"),
    "school.gaokao": ("在本地参加高考", "University entrance exam (gaokao) here"),
    "health.employee_insurance": ("职工医保", "Employee medical insurance"),
    "health.resident_insurance": ("居民医保", "Resident medical insurance"),
    "health.cross_province_settlement": ("异地就医直接结算", "Cross-province medical settlement"),
    "health.public_health_services": ("基本公共卫生服务", "Basic public health services"),
    "health.insurance_transfer": ("医保关系转移接续", "Medical-insurance transfer"),
    "housing.public_rental": ("公租房", "Public rental housing"),
    "housing.affordable_rental": ("保障性租赁住房", "Affordable rental housing"),
    "housing.provident_fund_rent": ("公积金付房租", "Provident fund for rent"),
    "points.hukou": ("积分落户", "Points-based hukou"),
    "points.residence_permit": ("居住证积分", "Residence-permit points"),
    "hukou.residence_permit_conversion": ("居转户", "Permit-to-hukou conversion"),
    "hukou.talent": ("人才引进落户", "Talent hukou"),
    "social_security.pension_transfer": ("养老保险转移接续", "Pension transfer"),
    "social_security.pension_minimum": ("养老金最低缴费年限", "Pension: minimum contribution years"),
    "labour.wage_arrears": ("追讨欠薪", "Recovering unpaid wages"),
    "labour.legal_aid": ("法律援助", "Legal aid"),
}

STATUS_COLUMNS: dict[str, tuple[str, str]] = {
    "eligible": ("现在可办", "now"),
    "eligible_later": ("以后可办", "later"),
    "not_eligible": ("暂不符合", "blocked"),
    "needs_info": ("信息不全", "unknown"),
}
STATUS_ORDER = ("eligible", "eligible_later", "not_eligible", "needs_info")

_S: dict[str, tuple[str, str]] = {
    "title": ("中心报告：服务需求与政策供给", "Centre report: service demand vs policy supply"),
    "period": ("统计期间", "Period"),
    "from_start": ("最早", "the first case"),
    "to_now": ("至今", "today"),
    "city": ("城市", "City"),
    "district": ("区", "District"),
    "all_cities": ("全部城市", "All cities"),
    "all_districts": ("全部", "all"),
    "generated": ("生成日期", "Generated"),
    "served": ("服务家庭数", "Families served"),
    "families": ("户", "families"),
    "privacy": ("本报告只含汇总数字：没有姓名、身份证号或任何一户的情况。少于5户的数字以 * 表示；"
                "能由其他数字推算出少于5户的数字也以 * 表示。",
                "This report holds aggregates only: no names, ID numbers or anything about one family. "
                "Counts of fewer than 5 families are shown as *, and so is any number from which such a "
                "count could be worked out."),
    "scope_note": ("一户在统计期间内多次来访，按期间内最后一次保存的情况计一次；"
                   "评估日期为个案的评估日期（没有则为保存日期）。",
                   "A family seen several times in the period counts once, as last saved in the period; "
                   "its evaluation date is the case's own as-of date (else the day it was saved)."),
    "out_of_scope": ("其中已有本市户口（本工具不适用）", "of whom already hold the city's hukou (out of scope)"),
    "withdrawn": ("撤回同意、未读取的个案（全库）", "Cases not read: consent withdrawn (whole store)"),
    "unreadable": ("无法读取、未计入的个案", "Cases left out: could not be read"),
    "rules_used": ("使用的规则包（按每户评估日期当时有效的规则包）",
                   "Rule packs used (the pack in force on each family's evaluation date)"),
    "pack": ("规则包", "Rule pack"),
    "version": ("版本", "Version"),
    "pack_date": ("日期", "Date"),
    "sha": ("SHA-256", "SHA-256"),
    "cases": ("户数", "Families"),
    "demand": ("家庭想了解什么（按领域）", "What families asked about (by domain)"),
    "demand_note": ("百分比为占该城市服务家庭数的比例；一户可问多个领域。",
                    "Shares are of the families served in the city; a family may ask about several domains."),
    "domain": ("领域", "Domain"),
    "supply": ("政策供给：各类选项的结果", "Policy supply: how each option came out"),
    "supply_note": ("每户每类选项计一次，取最好的结果（如一个孩子现在可入学即算“现在可办”）。积分类只看能否申请，"
                    "不看是否达到分数线。百分比为占评估户数的比例。",
                    "Each family counts once per option kind, in its best state (one child who can enrol "
                    "now makes it \"now\"). For points schemes: whether the family may apply, not whether it "
                    "reaches the line. Shares are of the families assessed."),
    "option": ("选项", "Option"),
    "assessed": ("评估户数", "Assessed"),
    "blockers": ("最常挡住家庭的条件", "The conditions that most often stopped families"),
    "blockers_note": ("一户在某选项上“现在不能办”，且该条件未满足，即计为被该条件挡住（每户每个条件计一次）。"
                      "“还需月数”为这些家庭还需的月数的中位数（少于5户有数字时为 *；— 表示不是等待时间能解决的条件）。",
                      "A family is stopped by a condition when it is not met in an option the family cannot use "
                      "now (once per family and condition). \"Months still needed\" is the median over those "
                      "families (* when fewer than 5 have a figure; — for a condition that waiting does not meet)."),
    "rank": ("名次", "#"),
    "condition": ("条件", "Condition"),
    "rule": ("所属规则", "Rule"),
    "stopped": ("被挡户数", "Families stopped"),
    "median_months": ("还需月数（中位数）", "Months still needed (median)"),
    "hidden_rows": ("另有 {n} 个条件因户数少于5或为保护隐私而不列出。",
                    "{n} more condition(s) not listed: fewer than 5 families, or hidden to protect privacy."),
    "hidden_facts": ("另有 {n} 项因户数少于5或为保护隐私而不列出。",
                     "{n} more not listed: fewer than 5 families, or hidden to protect privacy."),
    "unknown": ("工作人员最常未填的信息", "Facts workers most often left unknown"),
    "unknown_note": ("只计会影响结果的未知信息。", "Only unknown facts that could change an answer are counted."),
    "fact": ("信息", "Fact"),
    "families_col": ("户数", "Families"),
    "share": ("占比", "Share"),
    "none": ("（没有可显示的数据）", "(nothing to show)"),
    "chart_demand": ("各领域咨询户数（按城市叠加，* 的数字不画出）",
                     "Families asking, by domain and city (* not drawn)"),
    "chart_supply": ("各类选项结果（占评估户数；灰色 = * 不显示的部分）",
                     "How options came out (share of families assessed; grey = hidden as *)"),
    "chart_blockers": ("挡住家庭最多的条件", "Conditions stopping the most families"),
    "page": ("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "provenance": ("规则包 {packs} · 统计期间 {period} · 程序 {app}", "Rules {packs} · period {period} · app {app}"),
    "footer_second": ("汇总统计，不含个人信息；* = 为保护隐私不显示", "Aggregates only, no personal data; * = hidden "
                      "to protect privacy"),
    "months": ("个月", " months"),
}


def t(key: str, lang: str, **values: object) -> str:
    """A report string in one language, with ``{name}`` placeholders filled by plain substitution."""
    zh, en = _S[key]
    text = en if lang == "en" else zh
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def city_label(city: str, lang: str) -> str:
    """A city id (or ``all``) in words."""
    if city == "all":
        return t("all_cities", lang)
    zh, en = CITY_NAMES.get(city, (city, city))
    return en if lang == "en" else zh


def domain_label(domain: str, lang: str) -> str:
    """A domain in words."""
    zh, en = DOMAIN_NAMES.get(domain, (domain, domain))
    return en if lang == "en" else zh


def kind_label(kind: str, lang: str) -> str:
    """An option kind in words."""
    zh, en = KIND_NAMES.get(kind, (kind, kind))
    return en if lang == "en" else zh


def status_label(status: str, lang: str) -> str:
    """A status column heading."""
    zh, en = STATUS_COLUMNS[status]
    return en if lang == "en" else zh
