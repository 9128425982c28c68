"""eldercare: 敬老院运营管理系统."""
