"""treaty.rules"""
