"""The demo world and the synthetic worlds benchmarks build; it sits above every app and imports them."""
