# English with the month before the day, for workspaces that choose it: "December 3, 2026".
DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATETIME_FORMAT = "M j, Y, g:i A"
MONTH_DAY_FORMAT = "F j"
SHORT_MONTH_DAY_FORMAT = "M j"  # "Dec 3"
YEAR_MONTH_FORMAT = "F Y"
# A moment in tables where the weekday helps to check the date: "Tue Mar 2, 2027, 9:00 AM".
WEEKDAY_DATETIME_FORMAT = "D M j, Y, g:i A"
TIME_FORMAT = "g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
