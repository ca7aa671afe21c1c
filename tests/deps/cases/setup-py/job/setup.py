from setuptools import setup

REQUIRES = [
    "statsmodels>=0.14",
    "numpy==1.25.2",
]

setup(name="risk", install_requires=REQUIRES, python_requires=">=3.9")
