"""Self-assessment (/self-assessment): Section 11 and section 175 returns and ratings for
one round, the standards not met with their follow-up actions, and the ratings by
organisation and standard."""
import dash

from dashboard.views import self_assessment
from dashboard.views.page import render_page

dash.register_page(__name__, path="/self-assessment", name="Self-assessment",
                   title="Self-assessment – LSCP dashboard", order=7.3,
                   queries=self_assessment.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, self_assessment.render, pathname="/self-assessment",
                       with_state=True)
