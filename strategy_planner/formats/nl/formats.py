# One date style for Dutch: "3 december 2026" in sentences, "3 dec 2026" in lists and tables
# (never "3-12-2026"). Input formats stay Django's: date fields use the ISO date picker.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j b Y"  # "b": the month in lower case, as Dutch writes it
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = "j F"
# A day of the year in lists, panels and badges: "3 dec" (see workspaces.formatting.short_day).
SHORT_MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = "F Y"
# A moment in tables where the weekday helps to check the date: "di 2 mrt 2027 09:00".
WEEKDAY_DATETIME_FORMAT = "D j b Y H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
