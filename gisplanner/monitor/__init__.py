"""Plan monitoring: indicators and their targets, actual values, states, overdue features.

The plans set figures (output in 亿元, numbers of firms, talents) and dated milestones; this
package keeps them as data (``data/indicators.toml``, tables ``indicators`` and
``indicator_actuals``) and answers "are we on track?" without any face.
"""
