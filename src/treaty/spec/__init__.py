"""treaty.spec"""
