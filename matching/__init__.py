"""Matching and insight: peers, related practices, the cities that could learn from a
practice, tag suggestions, and what each city works on (CityChallenge). Reads the
domain apps below it; none of them imports it."""
