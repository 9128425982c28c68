"""本县设置: the county's own name on every notice, report, Excel title and footer (one row per store)."""
