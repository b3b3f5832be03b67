"""``treaty confirm``: check at runtime what the static diff says.

Old-contract traffic (requests valid under BASE, made by the fuzz engine) goes to the new
deployment and each response is judged against BASE; every breaking finding of the static diff
gets a verdict (``verdicts``), old-contract failures nobody declared are reported first, and
with a second deployment the same requests are compared response by response
(``differential``). ``run.confirm`` ties them together; ``render`` writes the reports.
"""
