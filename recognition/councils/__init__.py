"""Selection councils (hội đồng xét chọn): rounds, members, assignments, scores and results."""
