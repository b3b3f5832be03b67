"""treaty.fuzz"""
