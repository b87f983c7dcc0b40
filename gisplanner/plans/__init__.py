"""Plans and clauses: the published documents every feature is linked to."""

from gisplanner.plans.corpus import CorpusError, PlanDocument, load_corpus
from gisplanner.plans.model import Clause, Plan, clause_id
from gisplanner.plans.parse import parse_plan

__all__ = ["Clause", "CorpusError", "Plan", "PlanDocument", "clause_id", "load_corpus", "parse_plan"]
