"""The Chinese interface's number formats, over Django's own (which group nothing: 252000). Official statistics
write 252,000 with commas every three digits; big magnitudes in 万 and 亿 come from core's `amount` filter."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
