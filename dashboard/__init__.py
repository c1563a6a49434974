"""Scrutiny and performance dashboard for Local Safeguarding Children Partnerships."""
__version__ = "0.1.0"
