"""treaty.changes"""
