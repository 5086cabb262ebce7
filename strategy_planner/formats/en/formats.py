# One date style for English, day before month as the Dutch companies we serve write it:
# "3 December 2026" in sentences, "3 Dec 2026" in lists and tables. Never a numeric date, so
# nobody has to guess which number is the month. Workspaces that want "December 3, 2026" choose
# month before day (en_US). Input formats stay Django's: date fields use the ISO date picker.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
# A day of the year in lists, panels and badges: "3 Dec" (see workspaces.formatting.short_day).
SHORT_MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
# A moment in tables where the weekday helps to check the date: "Tue 2 Mar 2027 09:00".
WEEKDAY_DATETIME_FORMAT = "D j M Y H:i"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
