"""Churn and fraud scoring service (ran on the edge nodes next to YARN)."""
import os

import joblib
import xgboost as xgb
from flask import Flask, jsonify, request

MODEL_DIR = "model"
app = Flask(__name__)
churn = joblib.load(os.path.join(MODEL_DIR, "churn.joblib"))
fraud = xgb.Booster()
fraud.load_model(os.environ.get("FRAUD_MODEL", "model/fraud.json"))


@app.route("/predict/churn", methods=["POST"])
def predict_churn():
    rows = request.get_json()["instances"]
    return jsonify(churn.predict_proba(rows)[:, 1].tolist())


@app.route("/predict/fraud", methods=["POST"])
def predict_fraud():
    return jsonify(fraud.inplace_predict(request.get_json()["instances"]).tolist())
