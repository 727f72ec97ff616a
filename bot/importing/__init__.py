"""Vacancy import from the lists agencies bring back from labour cooperation meetings."""
