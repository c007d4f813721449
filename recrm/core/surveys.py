"""Satisfaction surveys: scores, periods and the roll-up.

Scores are whole numbers from 1 to 5 (very dissatisfied … very satisfied), the
five-point scale of the documents' surveys; "satisfied" means 4 or 5, so the satisfaction rate is
the share of overall scores of at least 4. The overall score is required, the five factors may be
left unanswered.
"""

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recrm.core import RuleError

MIN_SCORE = 1
MAX_SCORE = 5
SATISFIED_FROM = 4  # 4 satisfied, 5 very satisfied
OVERALL = "overall"
PRODUCT = "product"  # product/service core
PROCESS = "process"  # process and support
TECHNICAL = "technical"  # technical performance
INTERACTION = "interaction"  # interaction with the company
EMOTIONAL = "emotional"  # emotional factors
FACTORS = (PRODUCT, PROCESS, TECHNICAL, INTERACTION, EMOTIONAL)
QUESTIONS = (OVERALL, *FACTORS)


def survey_score(question: str, score) -> int | None:
	"""A score as a whole number on the scale; None for an unanswered question. 4.0 is 4."""
	if score is None or score == "":
		return None
	if isinstance(score, float) and score.is_integer():
		score = int(score)
	elif isinstance(score, Decimal) and score.is_finite() and score == score.to_integral_value():
		score = int(score)
	if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
		raise RuleError("bad_survey_score", question=question, score=score, min=MIN_SCORE, max=MAX_SCORE)
	return score


def validate_survey(answers: Mapping[str, object]) -> dict[str, int | None]:
	"""The answers of one survey, checked: the overall score is required, factors may be blank."""
	unknown = sorted(str(k) for k in answers if k not in QUESTIONS)
	if unknown:
		raise RuleError("unknown_survey_question", question=unknown[0])
	scores = {q: survey_score(q, answers.get(q)) for q in QUESTIONS}
	if scores[OVERALL] is None:
		raise RuleError("survey_overall_required")
	return scores


# periodic surveys: how often a project's owners are asked, and the period a day falls in
SURVEYS_OFF = "Off"
QUARTERLY = "Quarterly"
HALF_YEARLY = "Half-Yearly"
YEARLY = "Yearly"
SURVEY_INTERVALS = (SURVEYS_OFF, QUARTERLY, HALF_YEARLY, YEARLY)


def survey_period(day: date, interval: str) -> str | None:
	"""The period ``day`` falls in for periodic surveys every ``interval``: "2026-Q4", "2026-H2" or
	"2026"; None when the surveys are off. A project's owners get one survey a period."""
	if interval not in SURVEY_INTERVALS:
		raise RuleError("unknown_survey_interval", interval=interval)
	if interval == QUARTERLY:
		return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
	if interval == HALF_YEARLY:
		return f"{day.year}-H{(day.month - 1) // 6 + 1}"
	if interval == YEARLY:
		return str(day.year)
	return None


def check_respondent(customer: str, respondent: str, answered_at=None) -> None:
	"""A survey is answered once, by the customer it was sent to."""
	if not respondent or respondent != customer:
		raise RuleError("survey_not_yours")
	if answered_at:
		raise RuleError("survey_already_answered", answered_at=answered_at)


def check_satisfied_from(threshold) -> int:
	if isinstance(threshold, bool) or not isinstance(threshold, int):
		raise RuleError("bad_satisfaction_threshold", threshold=threshold, min=MIN_SCORE, max=MAX_SCORE)
	if not MIN_SCORE <= threshold <= MAX_SCORE:
		raise RuleError("bad_satisfaction_threshold", threshold=threshold, min=MIN_SCORE, max=MAX_SCORE)
	return threshold


@dataclass(frozen=True)
class SurveyRollup:
	count: int  # surveys with an overall score
	overall: float  # mean overall score
	factors: dict[str, float | None]  # mean per factor over the surveys that answered it
	satisfaction_rate: float  # share of overall scores >= the threshold, 0 … 1


def survey_rollup(
	surveys: Iterable[Mapping],
	key: str | Callable[[Mapping], object] | None = None,
	satisfied_from: int = SATISFIED_FROM,
) -> dict[object, SurveyRollup]:
	"""Scores rolled up per group: ``key`` names a field (project, category, agent) or is a function
	of a survey (a month, for the trend); None rolls everything into one group keyed None. Surveys
	without an overall score (not answered yet) are left out."""
	satisfied_from = check_satisfied_from(satisfied_from)
	group_of = key if callable(key) else (lambda s: s.get(key)) if key is not None else (lambda s: None)
	overall: dict[object, list[int]] = defaultdict(list)
	factors: dict[object, dict[str, list[int]]] = defaultdict(lambda: {f: [] for f in FACTORS})
	for survey in surveys:
		score = survey_score(OVERALL, survey.get(OVERALL))
		if score is None:
			continue
		group = group_of(survey)
		overall[group].append(score)
		for factor in FACTORS:
			value = survey_score(factor, survey.get(factor))
			if value is not None:
				factors[group][factor].append(value)
	return {
		group: SurveyRollup(
			count=len(scores),
			overall=statistics.fmean(scores),
			factors={f: statistics.fmean(v) if v else None for f, v in factors[group].items()},
			satisfaction_rate=sum(1 for s in scores if s >= satisfied_from) / len(scores),
		)
		for group, scores in overall.items()
	}
