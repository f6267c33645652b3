"""The model maker: students collect examples, train a model of their own, test it, improve their
data and train again; the class can use it and print its model card.

`examples.py` checks what a student sends (no scikit-learn, so the web process stays light);
`training.py` turns examples into features and models and runs only in the demo workers;
`service.py` keeps projects, examples and versions in the database.
"""
