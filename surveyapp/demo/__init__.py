"""Demo data helpers: invented, realistic content for the seeded fictional council."""
