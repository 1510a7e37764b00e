"""The browser edge: the participant form (/v/<code>) and, later, the coordinator console."""
